// g. Signup without waiting, one server: createTenant with a warm pool of spare schemas (claim +
//    rename) beside the cold path (CREATE SCHEMA + tenant DDL) in the same run.
// h. The same on a throwaway Citus cluster (coordinator + 2 workers), plus moving a tenant between
//    workers with citus_schema_move (what a live move costs). Needs Citus (../shared/citus/install.sh).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { citusInstalled, startCitusCluster } from '../../src/db/citus-cluster.js';
import { migrateControlPlane } from '../../src/db/control-plane.js';
import { migrationFiles, TENANT_SQL_DIR } from '../../src/db/migration-files.js';
import { createPool } from '../../src/db/pool.js';
import { createLogger } from '../../src/logger.js';
import { ChangeBus } from '../../src/tenancy/changes.js';
import { citusNodes, moveTenantSchema, tenantPlacement } from '../../src/db/citus.js';
import { ClientCache } from '../../src/tenancy/client-cache.js';
import { Provisioner } from '../../src/tenancy/lifecycle/provisioner.js';
import { SparePool } from '../../src/tenancy/lifecycle/spare-schemas.js';
import { freePort } from '../../test/helpers/free-port.js';
import { fmt, target, type ScenarioResult } from '../lib/result.js';
import { percentile, round } from '../lib/stats.js';

interface SignupTimes {
  cold: number[];
  warm: number[];
}

/** `count` creates without spares, then `count` creates each with a full pool (refilled between creates, untimed). */
async function measureSignups(pool: pg.Pool, count: number, prefix: string): Promise<SignupTimes> {
  const clients = new ClientCache(pool, { max: 10, ttlMs: 60_000 });
  const common = { pool, clients, changes: new ChangeBus(pool), logger: createLogger({ logLevel: 'silent' }) };
  const spares = new SparePool({ pool, target: 2, files: migrationFiles(TENANT_SQL_DIR) });
  const cold = new Provisioner(common);
  const warm = new Provisioner({ ...common, spares });
  const times: SignupTimes = { cold: [], warm: [] };
  try {
    for (let i = 0; i < count; i++) {
      let t0 = performance.now();
      await cold.createTenant({ name: `Cold ${i}`, slug: `${prefix}-cold-${i}` });
      times.cold.push(performance.now() - t0);
      await spares.refill();
      t0 = performance.now();
      await warm.createTenant({ name: `Warm ${i}`, slug: `${prefix}-warm-${i}` });
      times.warm.push(performance.now() - t0);
    }
    await spares.refill();
  } finally {
    await spares.stop();
    await clients.close();
  }
  return times;
}

const pct = (list: number[]) => ({
  p50: round(percentile(list, 50), 2),
  p95: round(percentile(list, 95), 2),
  max: round(percentile(list, 100), 2),
});

function signupResult(
  id: string,
  title: string,
  times: SignupTimes,
  p95Limit: number,
  extra: Record<string, unknown>,
  started: number,
  notes: string[] = [],
): ScenarioResult {
  const cold = pct(times.cold);
  const warm = pct(times.warm);
  return {
    id,
    title,
    subject: { label: 'createTenant, warm spare pool', summary: `p50 ${fmt.ms(warm.p50)} · p95 ${fmt.ms(warm.p95)}` },
    baseline: {
      label: 'createTenant, cold (CREATE SCHEMA + DDL)',
      summary: `p50 ${fmt.ms(cold.p50)} · p95 ${fmt.ms(cold.p95)}`,
    },
    ratio: round(warm.p95 / cold.p95, 3),
    ratioLabel: 'p95 time',
    targets: [target('warm p95 (ms)', warm.p95, '<=', p95Limit)],
    data: {
      warm,
      cold,
      samplesMs: { warm: times.warm.map((x) => round(x, 2)), cold: times.cold.map((x) => round(x, 2)) },
      ...extra,
    },
    notes,
    durationS: (performance.now() - started) / 1000,
  };
}

export async function signupOneServer(pool: pg.Pool, count: number): Promise<ScenarioResult> {
  const started = performance.now();
  const times = await measureSignups(pool, count, 'sg');
  return signupResult('g', `signup: ${count} createTenant warm vs cold, one server`, times, 20, { count }, started);
}

export async function signupCitus(count: number, log: (line: string) => void): Promise<ScenarioResult | null> {
  if (!citusInstalled()) {
    log('scenario h skipped: Citus is not installed (../shared/citus/install.sh)');
    return null;
  }
  const started = performance.now();
  const dataDir = path.resolve('.data', `bench-citus-${randomBytes(3).toString('hex')}`);
  const ports = [await freePort(), await freePort(), await freePort()];
  const cluster = await startCitusCluster({ dataDir, port: ports[0]!, ports, workers: 2 });
  const pool = createPool({
    url: cluster.url,
    max: 10,
    maxLifetimeSeconds: 300,
    idleTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    statementTimeoutMs: 300_000,
    applicationName: 'bench-driver',
  });
  try {
    await migrateControlPlane(pool);
    const times = await measureSignups(pool, count, 'sh');
    // A live move of a tenant holding 10,000 users (one way, timed, then back).
    const { rows } = await pool.query<{ id: string; schema_name: string }>(
      `SELECT id, schema_name FROM tenants WHERE slug = 'sh-cold-0'`,
    );
    const tenant = rows[0]!;
    await pool.query(
      `INSERT INTO "${tenant.schema_name}".users (email) SELECT 'u' || g || '@bench.test' FROM generate_series(1, 10000) g`,
    );
    const from = (await tenantPlacement(pool, tenant.schema_name))!;
    const to = (await citusNodes(pool)).find((n) => n.node !== from.node)!;
    // citus_schema_move itself (the service adds a tenant lookup and an audit entry around it)
    const timedMove = async (node: string) => {
      const t0 = performance.now();
      const { to: placed } = await moveTenantSchema(pool, tenant.schema_name, node);
      return { to: placed, durationMs: Math.round(performance.now() - t0) };
    };
    const move = await timedMove(to.node);
    const back = await timedMove(from.node);
    const result = signupResult(
      'h',
      `signup on Citus (coordinator + 2 workers): ${count} createTenant warm vs cold; live move of a 10,000-user tenant`,
      times,
      150,
      { count, move: { sizeBytes: move.to.sizeBytes, durationMs: move.durationMs, backDurationMs: back.durationMs } },
      started,
      [
        `citus_schema_move of ${fmt.mb(move.to.sizeBytes)}: ${fmt.s(move.durationMs)} there, ${fmt.s(back.durationMs)} back`,
      ],
    );
    result.subject.summary += ` · move ${fmt.s(move.durationMs)}`;
    return result;
  } finally {
    await pool.end().catch(() => undefined);
    await cluster.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
