// `npm run bench [-- --quick] [--tenants N] [--duration S] [--rounds R] [--only a,c,c10k] [--out file.json] [--profile]`
// Scenario h (Citus) runs only when named: `--only g,h` (it starts a throwaway Citus cluster).
// Runs the scenarios (docs/BENCHMARKS.md), each side by side with its baseline in one run, on a
// throwaway database (embedded under .data/bench-*, or on BENCH_DATABASE_URL), prints a markdown
// table and writes every number to bench/results/<time>-<quick|full>.json. Targets are reported,
// not asserted: the exit code is 0 unless the benchmark itself failed.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createBenchDatabase, type BenchDatabase } from './lib/database.js';
import {
  CLIENT_CACHE_MAX,
  POOL_MAX,
  createFixtures,
  grantViewer,
  seedUsers,
  type BenchFixtures,
} from './lib/fixtures.js';
import { machineInfo, machineLine, markdownTable, writeResults } from './lib/report.js';
import type { ScenarioResult } from './lib/result.js';
import { startServers, type ServersProcess } from './lib/servers.js';
import type { SideBySideOptions } from './lib/side-by-side.js';
import { dbQuery, trivialQuery } from './scenarios/gateway-overhead.js';
import { fleetMigration } from './scenarios/fleet-migration.js';
import { manyTenants } from './scenarios/many-tenants.js';
import { memory } from './scenarios/memory.js';
import { provisioning } from './scenarios/provisioning.js';
import { signupCitus, signupOneServer } from './scenarios/signup.js';

const ALL = ['a', 'b', 'c', 'c10k', 'd', 'e', 'f', 'g', 'h'];
/** What runs without --only: h needs Citus and starts a cluster of its own; c10k provisions 10,000 tenants (full runs only). */
const DEFAULT = ['a', 'b', 'c', 'c10k', 'd', 'e', 'f', 'g'];
const C10K_TENANTS = 10_000;
const C_TENANTS = 1_000;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      tenants: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'boolean', default: false },
      signups: { type: 'string' },
    },
    strict: true,
  });
  const num = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  const quick = values.quick;
  const only = values.only
    ? values.only.split(',').map((s) => s.trim())
    : DEFAULT.filter((id) => !(quick && id === 'c10k'));
  const unknown = only.filter((s) => !ALL.includes(s));
  if (unknown.length) throw new Error(`--only: unknown scenario ${unknown.join(', ')} (scenarios: ${ALL.join(', ')})`);
  return {
    quick,
    tenants: Math.trunc(num('tenants', values.tenants, quick ? 100 : 1000, 2)),
    durationS: num('duration', values.duration, quick ? 2 : 10, 0.5),
    rounds: Math.trunc(num('rounds', values.rounds, 3, 1)),
    connections: Math.trunc(num('connections', values.connections, 10, 1)),
    only: new Set(only),
    out: values.out,
    profile: values.profile,
    /** createTenant calls per side in g and h. */
    signups: Math.trunc(num('signups', values.signups, quick ? 10 : 50, 1)),
  };
}

const opts = options(process.argv.slice(2));
const want = (id: string) => opts.only.has(id);
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const startedAt = new Date();
const loadAtStart = loadavg();
const load: SideBySideOptions = {
  rounds: opts.rounds,
  durationS: opts.durationS,
  warmupS: Math.min(2, opts.durationS / 2),
  connections: opts.connections,
  maxRequests: Math.round(opts.durationS * 20_000),
};

let db: BenchDatabase | undefined;
let fx: BenchFixtures | undefined;
let servers: ServersProcess | undefined;
const results: ScenarioResult[] = [];
let postgres = 'unknown';
try {
  log(
    `database: ${process.env.BENCH_DATABASE_URL ? 'a throwaway database on BENCH_DATABASE_URL' : 'a throwaway embedded cluster under .data/bench-*'}`,
  );
  db = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
  fx = await createFixtures(db.url);
  postgres = (await fx.pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
  const needsServers = want('a') || want('b') || want('c') || want('c10k');
  if (needsServers) {
    servers = await startServers(
      {
        BENCH_DB_URL: db.url,
        BENCH_TENANT_ID: fx.main.id,
        BENCH_TENANT_SCHEMA: fx.main.schemaName,
        BENCH_JWT_SECRET: fx.jwtSecret,
        BENCH_ENCRYPTION_KEYS: fx.encryptionKeys,
        BENCH_POOL_MAX: String(POOL_MAX),
        BENCH_CLIENT_CACHE_MAX: String(CLIENT_CACHE_MAX),
        ...(want('c') ? { BENCH_ROOMY_CACHE_MAX: String(Math.min(opts.tenants, C_TENANTS) + 10) } : {}),
      },
      opts.profile ? ['--cpu-prof', '--cpu-prof-dir=.data/bench-profiles'] : [],
    );
  }
  const run = async (id: string, scenario: () => Promise<ScenarioResult | null>) => {
    log(`scenario ${id}…`);
    const result = await scenario();
    if (result) {
      results.push(result);
      log(
        `scenario ${id}: ${result.subject.summary} | baseline ${result.baseline.summary} (${result.durationS.toFixed(0)} s)`,
      );
    }
  };
  if (want('a')) await run('a', () => trivialQuery(fx!, servers!.ports, load));
  if (want('b')) await run('b', () => dbQuery(fx!, servers!.ports, load));
  if (want('c') || want('c10k') || want('d') || want('e')) {
    await run('d', () => provisioning(fx!, opts.tenants, { measure: want('d') }));
    if (want('c10k') && fx.fleet.length < C10K_TENANTS) {
      log(`provisioning up to ${C10K_TENANTS.toLocaleString('en-US')} tenants for c10k (not measured)…`);
      await provisioning(fx, C10K_TENANTS, { measure: false });
    }
    await seedUsers(
      fx.pool,
      fx.fleet.map((t) => t.schemaName),
      3,
    );
    await grantViewer(
      fx.pool,
      fx.viewerEmail,
      fx.fleet.map((t) => t.id),
    );
  }
  // c is defined on 1,000 tenants (fewer with --tenants below that); c10k on 10,000.
  const cTenants = fx.fleet.slice(0, Math.min(opts.tenants, C_TENANTS));
  if (want('c'))
    await run('c', () =>
      manyTenants(fx!, servers!.ports, load, {
        id: 'c',
        tenants: cTenants,
        targets: { throughput: 0.9, p99: 1.3 },
        roomy: true,
      }),
    );
  if (want('c10k')) {
    const tenants = fx.fleet.slice(0, C10K_TENANTS);
    await run('c10k', () =>
      manyTenants(fx!, servers!.ports, load, {
        id: 'c10k',
        tenants,
        targets: { throughput: 0.8, p99: 1.5 },
        roomy: false,
      }),
    );
  }
  await servers?.stop();
  servers = undefined;
  if (want('e')) await run('e', () => fleetMigration(fx!, opts.rounds));
  // Bindings measured: 10,000 in a full run; a quick run 10 per tenant (1,000 at the default 100).
  if (want('f'))
    await run('f', () =>
      memory(fx!, opts.quick ? Math.min(1_000, Math.max(100, opts.tenants * 10)) : C10K_TENANTS, opts.rounds),
    );
  if (want('g')) await run('g', () => signupOneServer(fx!.pool, opts.signups));
  if (want('h')) await run('h', () => signupCitus(opts.signups, log));
} finally {
  await servers?.stop().catch(() => undefined);
  await fx?.close().catch(() => undefined);
  await db?.drop().catch((err: Error) => log(`could not drop the benchmark database: ${err.message}`));
}

const order = new Map(ALL.map((id, i) => [id, i]));
results.sort((x, y) => order.get(x.id)! - order.get(y.id)!);
const machine = machineInfo(postgres, db!.kind, loadAtStart);
const finishedAt = new Date();
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
const report = {
  version: 1,
  command,
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  durationS: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
  options: { ...opts, only: [...opts.only] },
  machine,
  scenarios: results,
};
const file = writeResults(
  opts.out ?? `bench/results/${startedAt.toISOString().replace(/[:.]/g, '-')}-${opts.quick ? 'quick' : 'full'}.json`,
  report,
);
process.stdout.write(
  `\n${markdownTable(results)}\n${machineLine(machine)} · ${report.durationS} s · \`${command}\`\n\nJSON: ${file}\n`,
);
