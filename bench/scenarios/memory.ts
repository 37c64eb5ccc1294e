// f. Heap per cached Prisma client, and the heap back near its baseline once every client is evicted
//    (bench/memory-probe.ts, in a fresh process with --expose-gc).
import { spawn } from 'node:child_process';
import { CLIENT_CACHE_MAX, type BenchFixtures } from '../lib/fixtures.js';
import { fmt, target, type ScenarioResult } from '../lib/result.js';
import { median, round } from '../lib/stats.js';

interface Heap {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}
interface Probe {
  baseline: Heap;
  rounds: { full: Heap; evicted: Heap; cached: number; perClient: number }[];
}

function runProbe(env: Record<string, string>): Promise<Probe> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/memory-probe.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  return new Promise((resolve, reject) =>
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`memory probe exited ${code}: ${err}`)))),
  );
}

export async function memory(fx: BenchFixtures, rounds: number): Promise<ScenarioResult> {
  const started = performance.now();
  const schemas = fx.fleet.slice(0, CLIENT_CACHE_MAX).map((t) => t.schemaName);
  const probe = await runProbe({ BENCH_DB_URL: fx.url, BENCH_SCHEMAS: schemas.join(','), BENCH_ROUNDS: String(rounds) });
  const perClient = median(probe.rounds.map((r) => r.perClient));
  const evictedRatio = median(probe.rounds.map((r) => r.evicted.heapUsed / probe.baseline.heapUsed));
  const externalPerClient = median(probe.rounds.map((r) => (r.full.external - probe.baseline.external) / r.cached));
  const rssPerClient = median(probe.rounds.map((r) => (r.full.rss - probe.baseline.rss) / r.cached));
  return {
    id: 'f',
    title: `memory: ${schemas.length} cached Prisma clients, then all evicted (--expose-gc)`,
    subject: {
      label: `cache full (${schemas.length} clients)`,
      summary: `${fmt.mb(perClient)} heap per client (+${fmt.mb(externalPerClient)} external, RSS +${fmt.mb(rssPerClient)}) · after eviction ${round(evictedRatio, 3)}× baseline heap`,
    },
    baseline: { label: 'no tenant client', summary: `heap ${fmt.mb(probe.baseline.heapUsed)}` },
    ratio: round(evictedRatio, 3),
    ratioLabel: 'heap after eviction',
    targets: [target('heap per cached client (MB)', round(perClient / 1024 / 1024, 3), '<=', 1.5), target('heap after eviction / baseline', round(evictedRatio, 3), '<=', 1.1)],
    data: { ...probe, perClientBytes: Math.round(perClient), externalPerClientBytes: Math.round(externalPerClient), rssPerClientBytes: Math.round(rssPerClient) },
    notes: [],
    durationS: (performance.now() - started) / 1000,
  };
}
