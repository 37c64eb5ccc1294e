// The per-slug provisioning lock: a session-level advisory lock held on one connection for the
// whole of a create (both of its commits). Concurrent creates of the slug see it taken (CONFLICT);
// a crashed creator's connection dies with it, which frees the lock and marks its PENDING row as
// abandoned (safe to finish or replace).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { releaseClient } from '../../db/transaction.js';
import { ConflictError } from '../../errors.js';

const lockKey = (slug: string) =>
  createHash('sha256').update(`provision:${slug}`).digest().readBigInt64BE(0).toString();

export const BEING_PROVISIONED = 'is being provisioned right now';

export async function whileProvisioningLocked<T>(
  pool: pg.Pool,
  slug: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      lockKey(slug),
    ]);
    if (!rows[0]!.locked) throw new ConflictError(`Tenant "${slug}" ${BEING_PROVISIONED}.`, { field: 'slug' });
    try {
      return await fn(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey(slug)]).catch((err: Error) => (lost = err));
    }
  } finally {
    // A connection that could not unlock must not go back to the pool still holding the lock.
    releaseClient(client, lost);
  }
}

/** Slugs whose provisioning lock a live session holds (their creates are running). Reads pg_locks only. */
export async function slugsBeingProvisioned(db: Pick<pg.Pool, 'query'>, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  // A bigint advisory key shows in pg_locks as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
  const { rows } = await db.query<{ key: string }>(
    `SELECT ((classid::bigint << 32) | objid::bigint)::text AS key FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted`,
  );
  const held = new Set(rows.map((r) => r.key));
  return new Set(slugs.filter((slug) => held.has(lockKey(slug))));
}
