// A Provisioner on a per-file test database, with a swappable fault hook and a log of published changes.
import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ChangeBus, type TenantChange } from '../../src/tenancy/changes.js';
import { ClientCache } from '../../src/tenancy/client-cache.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { Provisioner, type ProvisionStep } from '../../src/tenancy/lifecycle/provisioner.js';
import { useTestDatabase, type TestDatabase } from './database.js';

export interface TestProvisioning {
  db: TestDatabase;
  clients: ClientCache;
  changes: ChangeBus;
  provisioner: Provisioner;
  /** Every change published so far (cleared by tests as they like). */
  published: TenantChange[];
  /** Set to inject a fault at a step; undefined = no faults. */
  fault?: (step: ProvisionStep, slug: string) => void | Promise<void>;
}

export function useProvisioner(opts: { poolMax?: number; cacheMax?: number } = {}) {
  const db = useTestDatabase({ poolMax: opts.poolMax });
  const handle = {} as { current: TestProvisioning };
  beforeAll(() => {
    const clients = new ClientCache(db.current.pool, { max: opts.cacheMax ?? 100, ttlMs: 600_000 });
    const changes = new ChangeBus(db.current.pool);
    const t: TestProvisioning = {
      db: db.current,
      clients,
      changes,
      published: [],
      provisioner: new Provisioner({
        pool: db.current.pool,
        clients,
        changes,
        logger: createLogger({ logLevel: 'silent' }),
        faults: (step, slug) => t.fault?.(step, slug),
      }),
    };
    changes.subscribe((change) => {
      t.published.push(change);
      for (const schema of change.schemas ?? []) clients.invalidate(schema);
    });
    handle.current = t;
  });
  afterAll(async () => {
    await handle.current?.clients.close();
  });
  return handle;
}

export async function schemaExists(t: TestProvisioning, schema: string): Promise<boolean> {
  const { rowCount } = await t.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rowCount === 1;
}

export async function tenantRows(t: TestProvisioning, slug: string) {
  const { rows } = await t.db.pool.query('SELECT id, status, schema_name FROM tenants WHERE slug = $1', [slug]);
  return rows as { id: string; status: string; schema_name: string }[];
}

export async function tablesOf(t: TestProvisioning, schema: string): Promise<string[]> {
  const { rows } = await t.db.pool.query('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [schema]);
  return rows.map((r) => r.tablename);
}

export async function countRows(t: TestProvisioning, schema: string, table: string): Promise<number> {
  const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
  return rows[0].n;
}

/** The error code an operation fails with (AppError extensions.code), or 'OK'. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    return String(
      (err as { extensions?: { code?: string } }).extensions?.code ?? `unexpected: ${(err as Error).message}`,
    );
  }
}
