// e. Fleet migration of every tenant schema with a metadata-only migration (COMMENT ON TABLE) at
//    concurrency 4, then a no-op re-run, in rounds (each round adds one new file). Baselines: the
//    same COMMENT sent to each schema in its own transaction with no ledger, lock or checks (the
//    floor), and one trivial round trip per schema (the no-op floor). Targets are for 1,000 schemas
//    and scale linearly with the fleet.
import pg from 'pg';
import { TENANT_SQL_DIR, checksum, migrationFiles, type MigrationFile } from '../../src/db/migration-files.js';
import { migrateFleet } from '../../src/tenancy/lifecycle/fleet.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import type { BenchFixtures } from '../lib/fixtures.js';
import { fmt, target, type ScenarioResult } from '../lib/result.js';
import { median, round } from '../lib/stats.js';

const CONCURRENCY = 4;

function commentFile(round: number): MigrationFile {
  const sql = `COMMENT ON TABLE users IS 'bench round ${round}';\n`;
  return {
    name: `${String(9000 + round).padStart(4, '0')}_bench_comment_${round}.sql`,
    sql,
    checksum: checksum(sql),
    transactional: true,
  };
}

/** Runs `fn` over every schema, `CONCURRENCY` at a time; resolves with the elapsed ms. */
async function eachSchema(schemas: string[], fn: (schema: string) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < schemas.length) await fn(schemas[next++]!);
    }),
  );
  return performance.now() - started;
}

async function floorComment(pool: pg.Pool, schema: string, round: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(
      `BEGIN; SET LOCAL search_path TO ${quoteIdent(schema)}; COMMENT ON TABLE users IS 'floor round ${round}'; COMMIT`,
    );
  } finally {
    client.release();
  }
}

export async function fleetMigration(fx: BenchFixtures, rounds: number): Promise<ScenarioResult> {
  const started = performance.now();
  const base = migrationFiles(TENANT_SQL_DIR);
  const schemas = [fx.main, ...fx.fleet].map((t) => t.schemaName);
  const n = schemas.length;
  const perRound: { migrateMs: number; noopMs: number; floorMs: number; noopFloorMs: number }[] = [];
  for (let r = 1; r <= rounds; r++) {
    const files = [...base, ...Array.from({ length: r }, (_, i) => commentFile(i + 1))];
    const floorFirst = r % 2 === 0;
    const floorMs = floorFirst ? await eachSchema(schemas, (s) => floorComment(fx.pool, s, r)) : 0;
    const run = await migrateFleet({ pool: fx.pool }, { files, concurrency: CONCURRENCY });
    if (run.failed || run.applied !== n)
      throw new Error(
        `e: round ${r} applied ${run.applied}/${n}, ${run.failed} failed: ${run.results.find((x) => x.error)?.error}`,
      );
    const noop = await migrateFleet({ pool: fx.pool }, { files, concurrency: CONCURRENCY });
    if (noop.skipped !== n) throw new Error(`e: the no-op re-run of round ${r} did something`);
    const noopFloorMs = await eachSchema(schemas, (s) =>
      fx.pool.query(`SELECT 1 FROM ${quoteIdent(s)}.schema_migrations LIMIT 0`),
    );
    perRound.push({
      migrateMs: run.durationMs,
      noopMs: noop.durationMs,
      floorMs: floorFirst ? floorMs : await eachSchema(schemas, (s) => floorComment(fx.pool, s, r)),
      noopFloorMs,
    });
  }
  const m = (key: keyof (typeof perRound)[number]) => round(median(perRound.map((x) => x[key])), 0);
  const scale = n / 1000;
  const summary = {
    migrateMs: m('migrateMs'),
    noopMs: m('noopMs'),
    floorMs: m('floorMs'),
    noopFloorMs: m('noopFloorMs'),
  };
  return {
    id: 'e',
    title: `fleet migration of ${n.toLocaleString('en-US')} schemas (COMMENT ON TABLE, concurrency ${CONCURRENCY})`,
    subject: {
      label: 'migrateFleet, then a no-op re-run',
      summary: `${fmt.s(summary.migrateMs)} · no-op ${fmt.s(summary.noopMs)}`,
    },
    baseline: {
      label: 'the COMMENT alone per schema; one round trip per schema',
      summary: `${fmt.s(summary.floorMs)} · ${fmt.s(summary.noopFloorMs)}`,
    },
    ratio: round(summary.migrateMs / summary.floorMs, 3),
    ratioLabel: 'time',
    targets: [
      target(`migration (ms; ≤ 10 s per 1,000 schemas)`, summary.migrateMs, '<=', Math.round(10_000 * scale)),
      target(`no-op re-run (ms; ≤ 2 s per 1,000 schemas)`, summary.noopMs, '<=', Math.round(2_000 * scale)),
    ],
    data: { schemas: n, concurrency: CONCURRENCY, ...summary, rounds: perRound },
    notes: [],
    durationS: (performance.now() - started) / 1000,
  };
}
