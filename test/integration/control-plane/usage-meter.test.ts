import pg from 'pg';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { UsageMeter } from '../../../src/control-plane/usage-meter.js';
import { useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase({ poolMax: 10 });
let slugs = 0;

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

function clock(iso: string) {
  const c = { at: new Date(iso), now: () => c.at };
  return c;
}

async function createTenants(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const slug = `meter-${++slugs}`;
    const { rows } = await db.current.pool.query<{ id: string }>(
      `INSERT INTO tenants (name, slug, schema_name, status) VALUES ($1, $1, $2, 'active') RETURNING id`,
      [slug, slug.replace('-', '_')],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

async function loggedCalls(tenantId: string): Promise<number> {
  const { rows } = await db.current.pool.query<{ total: number }>(
    `SELECT coalesce(sum(value), 0)::float8 AS total FROM tenant_usage_logs WHERE tenant_id = $1 AND metric = 'api_calls' AND period = 'hourly'`,
    [tenantId],
  );
  return rows[0]!.total;
}

async function usageCalls(tenantId: string): Promise<unknown> {
  const { rows } = await db.current.pool.query<{ usage: { api_calls_per_month?: unknown } }>(
    'SELECT usage FROM tenants WHERE id = $1',
    [tenantId],
  );
  return rows[0]?.usage.api_calls_per_month;
}

/** Resolves once some backend of the test database waits for a lock. */
async function someoneWaitsForALock(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await db.current.pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no backend started waiting for a lock within 10 s');
}

async function withOtherConnection(fn: (client: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: db.current.url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

describe('UsageMeter', () => {
  it('counts 10,000 calls across 10 tenants from concurrent callers with flushes interleaved, exactly, in logs and tenants.usage', async () => {
    const tenants = await createTenants(10);
    const time = clock('2025-06-10T10:59:00Z');
    const meter = new UsageMeter({
      pool: db.current.pool,
      logger: pino({ level: 'silent' }),
      flushIntervalMs: 5,
      now: time.now,
    });
    meter.start();

    const expected = new Map(tenants.map((id) => [id, 0]));
    const flushes: Promise<void>[] = [];
    let calls = 0;
    // 40 callers × 250 calls; tenant i gets a share that grows with i, so totals differ per tenant.
    const caller = async (c: number) => {
      for (let k = 0; k < 250; k++) {
        const tenantId = tenants[(c * 7 + k * k) % 10]!;
        meter.countApiCall(tenantId);
        expected.set(tenantId, expected.get(tenantId)! + 1);
        if (++calls === 5_000) time.at = new Date('2025-06-10T11:00:00Z'); // the second half lands in the next hour
        if (k % 50 === 49) flushes.push(meter.flush());
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: 40 }, (_, c) => caller(c)));
    await Promise.all(flushes);
    const flushedBeforeStop = (await Promise.all(tenants.map(loggedCalls))).reduce((a, b) => a + b, 0);
    await meter.stop();

    expect(calls).toBe(10_000);
    expect(flushedBeforeStop).toBeGreaterThan(0); // flushes really ran while callers were counting
    for (const tenantId of tenants) {
      expect(meter.pending(tenantId)).toBe(0);
      expect(await loggedCalls(tenantId)).toBe(expected.get(tenantId));
      expect(await usageCalls(tenantId)).toBe(expected.get(tenantId));
    }
    const { rows } = await db.current.pool.query<{ timestamp: Date }>(
      `SELECT DISTINCT "timestamp" FROM tenant_usage_logs WHERE tenant_id = ANY($1::uuid[]) ORDER BY 1`,
      [tenants],
    );
    expect(rows.map((r) => r.timestamp.toISOString())).toEqual([
      '2025-06-10T10:00:00.000Z',
      '2025-06-10T11:00:00.000Z',
    ]);
  });

  it('puts the counts of a failed flush back, and writes them with the next one', async () => {
    const [tenantId] = await createTenants(1);
    const meter = new UsageMeter({ pool: db.current.pool, logger: pino({ level: 'silent' }) });
    await db.current.pool.query(`
      CREATE FUNCTION fail_usage_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'usage writes are failing'; END $$;
      CREATE TRIGGER fail_usage_insert BEFORE INSERT ON tenant_usage_logs FOR EACH ROW EXECUTE FUNCTION fail_usage_insert();`);
    try {
      meter.countApiCall(tenantId!, 5);
      await expect(meter.flush()).rejects.toThrow(/usage writes are failing/);
      expect(meter.pending(tenantId!)).toBe(5);
      meter.countApiCall(tenantId!, 3);
      expect(meter.pending(tenantId!)).toBe(8);
      expect(await loggedCalls(tenantId!)).toBe(0);
    } finally {
      await db.current.pool.query(
        'DROP TRIGGER fail_usage_insert ON tenant_usage_logs; DROP FUNCTION fail_usage_insert()',
      );
    }
    await meter.flush();
    expect(meter.pending(tenantId!)).toBe(0);
    expect(await loggedCalls(tenantId!)).toBe(8);
    expect(await usageCalls(tenantId!)).toBe(8);
  });

  it('keeps calls counted during a flush for the next flush', async () => {
    const [tenantId] = await createTenants(1);
    const meter = new UsageMeter({ pool: db.current.pool, logger: pino({ level: 'silent' }) });
    await meter.flush(); // first flush of a process also syncs the month; keep it out of the way
    meter.countApiCall(tenantId!, 4);

    await withOtherConnection(async (other) => {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE', [tenantId]);
      const flushing = meter.flush();
      await someoneWaitsForALock(); // the flush holds its batch and waits for the tenant row
      meter.countApiCall(tenantId!, 6);
      expect(meter.pending(tenantId!)).toBe(10);
      await other.query('COMMIT');
      await flushing;
    });

    expect(await loggedCalls(tenantId!)).toBe(4);
    expect(meter.pending(tenantId!)).toBe(6);
    await meter.flush();
    expect(await loggedCalls(tenantId!)).toBe(10);
    expect(await usageCalls(tenantId!)).toBe(10);
    expect(meter.pending(tenantId!)).toBe(0);
  });

  it('drops the counts of a deleted tenant with a log line and still writes the others', async () => {
    const [gone, deletedDuringFlush, kept] = await createTenants(3);
    const { logger, lines } = capturingLogger();
    const meter = new UsageMeter({ pool: db.current.pool, logger });
    await meter.flush();
    meter.countApiCall(gone!, 2);
    meter.countApiCall(deletedDuringFlush!, 3);
    meter.countApiCall(kept!, 7);
    await db.current.pool.query('DELETE FROM tenants WHERE id = $1', [gone]);

    await withOtherConnection(async (other) => {
      await other.query('BEGIN');
      await other.query('DELETE FROM tenants WHERE id = $1', [deletedDuringFlush]);
      const flushing = meter.flush();
      await someoneWaitsForALock();
      await other.query('COMMIT');
      await flushing;
    });

    expect(await loggedCalls(kept!)).toBe(7);
    expect(await usageCalls(kept!)).toBe(7);
    expect(meter.pending(gone!)).toBe(0);
    expect(meter.pending(deletedDuringFlush!)).toBe(0);
    const dropped = lines.filter((l) => /tenant no longer exists/.test(String(l.msg)));
    expect(dropped.map((l) => [l.tenantId, l.calls]).sort()).toEqual(
      [
        [gone, 2],
        [deletedDuringFlush, 3],
      ].sort(),
    );
  });

  it('reports usage per calendar month (UTC): a new month starts from zero', async () => {
    const [tenantId] = await createTenants(1);
    const time = clock('2025-05-31T23:30:00Z');
    const meter = new UsageMeter({ pool: db.current.pool, logger: pino({ level: 'silent' }), now: time.now });
    meter.countApiCall(tenantId!, 5);
    await meter.flush();
    expect(await usageCalls(tenantId!)).toBe(5);

    time.at = new Date('2025-06-01T00:10:00Z');
    await meter.flush(); // nothing counted in June yet: usage still resets
    expect(await usageCalls(tenantId!)).toBe(0);
    meter.countApiCall(tenantId!, 2);
    await meter.stop();
    expect(await usageCalls(tenantId!)).toBe(2);
    expect(await loggedCalls(tenantId!)).toBe(7);
  });

  it('refuses ids that are not tenant ids and counts that are not whole numbers', () => {
    const meter = new UsageMeter({ pool: db.current.pool, logger: pino({ level: 'silent' }) });
    expect(() => meter.countApiCall("x'; DROP TABLE tenants; --")).toThrow(TypeError);
    expect(() => meter.countApiCall(crypto.randomUUID(), 1.5)).toThrow(TypeError);
    expect(() => meter.countApiCall(crypto.randomUUID(), -1)).toThrow(TypeError);
  });
});
