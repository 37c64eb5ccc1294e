// One transaction on one pooled connection. A connection whose ROLLBACK fails is destroyed rather
// than returned to the pool, so no later caller can inherit a half-finished transaction.
import type pg from 'pg';

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

const broken = new WeakSet<pg.PoolClient>();

export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  opts: { isolation?: Isolation } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    return await inClientTransaction(client, fn, opts);
  } finally {
    releaseClient(client);
  }
}

/** Like inTransaction, on a connection the caller holds; release it with releaseClient(). */
export async function inClientTransaction<T>(
  client: pg.PoolClient,
  fn: (client: pg.PoolClient) => Promise<T>,
  opts: { isolation?: Isolation } = {},
): Promise<T> {
  await client.query(opts.isolation ? `BEGIN ISOLATION LEVEL ${opts.isolation.toUpperCase()}` : 'BEGIN');
  try {
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => broken.add(client));
    throw err;
  }
}

/** Returns the connection to the pool, or destroys it when a transaction could not be rolled back. */
export function releaseClient(client: pg.PoolClient, error?: Error): void {
  client.release(error ?? (broken.has(client) ? true : undefined));
}
