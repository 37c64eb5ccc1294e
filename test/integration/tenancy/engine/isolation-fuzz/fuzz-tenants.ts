// The fuzz's tenants: bare schemas whose rows have the SAME ids in every schema (so a statement in the wrong
// schema returns a wrong row, not nothing), each row fingerprinted with its schema's name.
import type pg from 'pg';
import { createTenantSchemas } from '../../../../helpers/engine-schemas.js';

export const TENANTS = 200;
export const USERS = 5;
export const DELETABLE = 12;
export const schemas = Array.from({ length: TENANTS }, (_, i) => `fz_${String(i).padStart(3, '0')}`);
export const uid = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
export const sid = (k: number) => `00000000-0000-4000-9000-${String(k).padStart(12, '0')}`;

/** Per tenant, the deletable rows its own operations removed (expected gone; the rest expected kept). */
export const deleted = new Map<string, Set<number>>(schemas.map((s) => [s, new Set()]));
// One seeded generator for the whole file, so a failing run picks the same tenants and operations again.
let random = 0x2545f491;
export const rand = (n: number) => {
  random ^= random << 13;
  random ^= random >>> 17;
  random ^= random << 5;
  return (random >>> 0) % n;
};

/** Creates every schema with USERS users (one session each) at fixed ids, and DELETABLE more users. */
export async function createFuzzTenants(pool: pg.Pool) {
  await createTenantSchemas(pool, schemas);
  const values = (s: string) =>
    `INSERT INTO "${s}".users (id, email, name) SELECT ('00000000-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid, 'u' || k || '@same.test', '${s}:u' || k FROM generate_series(0, ${USERS - 1}) k;
     INSERT INTO "${s}".sessions (id, user_id, token_hash, expires_at) SELECT ('00000000-0000-4000-9000-' || lpad(k::text, 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid, '${s}:s' || k, now() + interval '1 day' FROM generate_series(0, ${USERS - 1}) k;
     INSERT INTO "${s}".users (email, name) SELECT 'del' || k || '@same.test', '${s}:del' || k FROM generate_series(0, ${DELETABLE - 1}) k;`;
  for (let i = 0; i < schemas.length; i += 50)
    await pool.query(
      schemas
        .slice(i, i + 50)
        .map(values)
        .join('\n'),
    );
}
