// f. Heap per tenant binding (every binding shares one compiled Prisma engine), N bindings in all,
//    and the heap back near its baseline once every binding is evicted (bench/memory-probe.ts, in a
//    fresh process with --expose-gc).
import { spawn } from 'node:child_process';
import type { BenchFixtures } from '../lib/fixtures.js';
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
  rounds: { full: Heap; evicted: Heap; cached: number; perBinding: number }[];
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
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`memory probe exited ${code}: ${err}`)),
    ),
  );
}

/** Heap for 10,000 bindings must stay within this (issue target: ≤ 20 MB in all). */
const MB_PER_10K = 20;

export async function memory(fx: BenchFixtures, bindings: number, rounds: number): Promise<ScenarioResult> {
  const started = performance.now();
  const probe = await runProbe({
    BENCH_DB_URL: fx.url,
    BENCH_TEMPLATE_SCHEMA: fx.main.schemaName,
    BENCH_BINDINGS: String(bindings),
    BENCH_ROUNDS: String(rounds),
  });
  const perBinding = median(probe.rounds.map((r) => r.perBinding));
  const evictedRatio = median(probe.rounds.map((r) => r.evicted.heapUsed / probe.baseline.heapUsed));
  const rssPerBinding = median(probe.rounds.map((r) => (r.full.rss - probe.baseline.rss) / r.cached));
  const per10k = (perBinding * 10_000) / 1024 / 1024;
  return {
    id: 'f',
    title: `memory: ${bindings.toLocaleString('en-US')} tenant bindings of one engine, then all evicted (--expose-gc)`,
    subject: {
      label: `${bindings.toLocaleString('en-US')} bindings cached`,
      summary: `${(perBinding / 1024).toFixed(2)} KB heap per binding (${fmt.mb(perBinding * bindings)} in all; RSS +${(rssPerBinding / 1024).toFixed(2)} KB each) · after eviction ${round(evictedRatio, 3)}× baseline heap`,
    },
    baseline: { label: 'the shared engine, no binding', summary: `heap ${fmt.mb(probe.baseline.heapUsed)}` },
    ratio: round(evictedRatio, 3),
    ratioLabel: 'heap after eviction',
    targets: [
      target('heap for 10,000 bindings (MB, from the per-binding median)', round(per10k, 2), '<=', MB_PER_10K),
      target('heap after eviction / baseline', round(evictedRatio, 3), '<=', 1.1),
    ],
    data: {
      ...probe,
      bindings,
      perBindingBytes: Math.round(perBinding),
      rssPerBindingBytes: Math.round(rssPerBinding),
      mbPer10k: round(per10k, 3),
    },
    notes: [],
    durationS: (performance.now() - started) / 1000,
  };
}
