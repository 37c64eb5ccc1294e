// f. Memory of tenant bindings, in a fresh process started with --expose-gc (so nothing else the
// benchmark did is on the heap): heap after a full GC with no binding (baseline: the shared engine
// compiled and warm), with N bindings cached (one per schema, each having run a query), and after
// evicting them all. The N schemas are cheap ones (a users table shaped like the real one) created
// here and dropped afterwards. Input (env): BENCH_DB_URL, BENCH_TEMPLATE_SCHEMA, BENCH_BINDINGS,
// BENCH_ROUNDS. Output: one JSON line.
import { createPool } from '../src/db/pool.js';
import { ClientCache } from '../src/tenancy/client-cache.js';
import { quoteIdent } from '../src/tenancy/names.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function settledHeap() {
  // FinalizationRegistry callbacks and timers run on later ticks: give them a moment, then collect.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc!();
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

const count = Number(process.env.BENCH_BINDINGS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const template = quoteIdent(process.env.BENCH_TEMPLATE_SCHEMA!);
const pool = createPool({
  url: process.env.BENCH_DB_URL!,
  max: 10,
  maxLifetimeSeconds: 300,
  idleTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 600_000,
});
const schemas = Array.from({ length: count }, (_, i) => `mem_${String(i).padStart(5, '0')}`);
for (let i = 0; i < schemas.length; i += 200) {
  await pool.query(
    schemas
      .slice(i, i + 200)
      .map(
        (s) =>
          `CREATE SCHEMA ${s}; CREATE TABLE ${s}.users (LIKE ${template}.users INCLUDING DEFAULTS INCLUDING CONSTRAINTS);`,
      )
      .join('\n'),
  );
}
const cache = new ClientCache(pool, { max: schemas.length, ttlMs: 3_600_000 });

// Warm-up: load and compile everything once (the engine, its query plan), so the baseline holds it.
await cache.control().tenant.count();
await cache.forSchema(schemas[0]!).user.count();
cache.invalidate(schemas[0]!);
const baseline = await settledHeap();

const results = [];
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < schemas.length; i += 50)
    await Promise.all(schemas.slice(i, i + 50).map((s) => cache.forSchema(s).user.count()));
  const full = await settledHeap();
  for (const schema of schemas) cache.invalidate(schema);
  const evicted = await settledHeap();
  results.push({
    full,
    evicted,
    cached: schemas.length,
    perBinding: (full.heapUsed - baseline.heapUsed) / schemas.length,
  });
}
await cache.close();
for (let i = 0; i < schemas.length; i += 500)
  await pool.query(`DROP SCHEMA ${schemas.slice(i, i + 500).join(', ')} CASCADE`);
await pool.end();
process.stdout.write(`${JSON.stringify({ baseline, rounds: results })}\n`);
