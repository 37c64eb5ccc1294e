// 1,000 tenant schemas served through a client cache of 50 on a pool of 5: connections stay within
// the pool, evicting a binding disconnects nothing (the one tenant engine stays up), the pool gains
// no listener per tenant, and every schema still answers with its own rows.
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { PrismaClient } from '../../../src/generated/prisma/client.js';
import { ClientCache } from '../../../src/tenancy/client-cache.js';
import { quoteIdent } from '../../../src/tenancy/names.js';
import { useTestDatabase } from '../../helpers/database.js';
import { createThrowawaySchema } from '../../helpers/tenant-schema.js';

const POOL_MAX = 5;
const SCHEMAS = 1000;
const CACHE_MAX = 50;
const db = useTestDatabase({ poolMax: POOL_MAX });

/** Cheap tenant schemas: a users table shaped like the real one, holding one row named after its schema. */
async function createSchemas(count: number): Promise<string[]> {
  const template = await createThrowawaySchema(db.current.pool);
  const names = Array.from({ length: count }, (_, i) => `cache_${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 100) {
    const sql = names
      .slice(i, i + 100)
      .map((s) => {
        const q = quoteIdent(s);
        return `CREATE SCHEMA ${q};
          CREATE TABLE ${q}.users (LIKE ${quoteIdent(template.name)}.users INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
          INSERT INTO ${q}.users (email, name) VALUES ('owner@example.com', '${s}');`;
      })
      .join('\n');
    await db.current.pool.query(sql);
  }
  return names;
}

/** Polls pg_stat_activity from outside the pool for the peak number of the gateway's connections. */
function watchConnections(url: string, database: string) {
  const watcher = new pg.Client({ connectionString: url, application_name: 'cache-test-watcher' });
  let peak = 0;
  let running = true;
  const loop = (async () => {
    await watcher.connect();
    while (running) {
      const { rows } = await watcher.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tenant-gateway'`,
        [database],
      );
      peak = Math.max(peak, rows[0].n);
    }
    await watcher.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

function disconnectSpy() {
  let proto: object | null = PrismaClient.prototype;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, '$disconnect')) proto = Object.getPrototypeOf(proto);
  return vi.spyOn(proto as { $disconnect(): Promise<void> }, '$disconnect');
}

describe('ClientCache under many tenants', () => {
  it(`serves ${SCHEMAS} schemas with ${CACHE_MAX} cached bindings of one engine and at most ${POOL_MAX} connections`, async () => {
    const schemas = await createSchemas(SCHEMAS);
    const pool = db.current.pool;
    const listenersBefore = pool.listenerCount('error');
    const cache = new ClientCache(pool, { max: CACHE_MAX, ttlMs: 600_000 });
    const disconnects = disconnectSpy();
    const watcher = watchConnections(db.current.url, db.current.name);
    let poolPeak = 0;
    try {
      let next = 0;
      const worker = async () => {
        while (next < schemas.length) {
          const schema = schemas[next++]!;
          const rows = await cache.forSchema(schema).user.findMany({ select: { name: true } });
          expect(rows).toEqual([{ name: schema }]);
          poolPeak = Math.max(poolPeak, pool.totalCount);
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      // A second pass over a few: each is a miss again (evicted long ago), still correct.
      for (const schema of schemas.slice(0, 3)) expect(await cache.forSchema(schema).user.count()).toBe(1);
    } finally {
      const peak = await watcher.stop();
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(POOL_MAX);
    }
    expect(poolPeak).toBeLessThanOrEqual(POOL_MAX);

    const stats = cache.stats();
    expect(stats).toMatchObject({ size: CACHE_MAX, max: CACHE_MAX, misses: SCHEMAS + 3 });
    expect(stats.evictions).toBe(SCHEMAS + 3 - CACHE_MAX);
    // Bindings own nothing: evicting 953 of them disconnected no client, and the pool carries the
    // listeners of two adapters (control plane + the shared tenant engine), not one per tenant served.
    expect(disconnects).not.toHaveBeenCalled();
    expect(pool.listenerCount('error')).toBeLessThanOrEqual(listenersBefore + 2);
    expect(await cache.forSchema(schemas[0]!).user.count()).toBe(1);
    await cache.close();
    disconnects.mockRestore();
  }, 120_000);
});
