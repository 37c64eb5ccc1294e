// f. Memory of cached Prisma clients, in a fresh process started with --expose-gc (so nothing else
// the benchmark did is on the heap): heap after a full GC with no tenant client (baseline), with
// the cache full (one client per schema, each having run a query), and after evicting them all.
// Input (env): BENCH_DB_URL, BENCH_SCHEMAS (comma-separated), BENCH_ROUNDS. Output: one JSON line.
import { createPool } from '../src/db/pool.js';
import { ClientCache } from '../src/tenancy/client-cache.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function settledHeap() {
  // Disconnects and FinalizationRegistry callbacks run on later ticks: give them a moment, then collect.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc!();
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

const schemas = process.env.BENCH_SCHEMAS!.split(',');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const pool = createPool({ url: process.env.BENCH_DB_URL!, max: 10, maxLifetimeSeconds: 300, idleTimeoutMs: 10_000, connectTimeoutMs: 10_000, statementTimeoutMs: 60_000 });
const cache = new ClientCache(pool, { max: schemas.length, ttlMs: 3_600_000 });

// Warm-up: load and compile everything a client needs once, so the baseline holds the code.
await cache.control().tenant.count();
await cache.forSchema(schemas[0]!).user.count();
cache.invalidate(schemas[0]!);
const baseline = await settledHeap();

const results = [];
for (let r = 0; r < rounds; r++) {
  for (const schema of schemas) await cache.forSchema(schema).user.count();
  const full = await settledHeap();
  for (const schema of schemas) cache.invalidate(schema);
  const evicted = await settledHeap();
  results.push({ full, evicted, cached: schemas.length, perClient: (full.heapUsed - baseline.heapUsed) / schemas.length });
}
await cache.close();
await pool.end();
process.stdout.write(`${JSON.stringify({ baseline, rounds: results })}\n`);
