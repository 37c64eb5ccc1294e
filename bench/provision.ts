// Provisioning latency: N sequential createTenant calls on a throwaway database; prints p50/p95/max,
// next to the floor set by Postgres itself (the same CREATE SCHEMA + tenant DDL transaction alone)
// and the machine's load average, since on a shared machine the DDL time follows the load.
// usage: node --import tsx bench/provision.ts [serverUrl | embedded] [count]
//   serverUrl: a Postgres server whose role may CREATE DATABASE (default postgres://postgres@127.0.0.1:5432/postgres)
//   embedded: a throwaway embedded Postgres configured as `npm start`'s (durable: fsync on), deleted afterwards
//   embedded-ephemeral: the same configured as the test suite's (fsync off)
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateControlPlane } from '../src/db/control-plane.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { createPool } from '../src/db/pool.js';
import { createLogger } from '../src/logger.js';
import { ChangeBus } from '../src/tenancy/changes.js';
import { ClientCache } from '../src/tenancy/client-cache.js';
import { quoteIdent } from '../src/tenancy/names.js';
import { Provisioner } from '../src/tenancy/lifecycle/provisioner.js';
import { createTenantSchema } from '../src/tenancy/lifecycle/schema-manager.js';
import { freePort } from '../test/helpers/free-port.js';

const target = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dataDir = path.resolve('.data', `bench-provision-${randomBytes(4).toString('hex')}`);
const embedded = target.startsWith('embedded')
  ? await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: target === 'embedded-ephemeral' })
  : undefined;
const server = embedded?.url ?? target;
const count = Number(process.argv[3] ?? 200);
const database = `bench_provision_${randomBytes(4).toString('hex')}`;

const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
const url = new URL(server);
url.pathname = `/${database}`;
const pool = createPool({
  url: url.toString(),
  max: 10,
  maxLifetimeSeconds: 300,
  idleTimeoutMs: 10_000,
  connectTimeoutMs: 5000,
  statementTimeoutMs: 30_000,
});
try {
  await migrateControlPlane(pool);
  const clients = new ClientCache(pool, { max: 50, ttlMs: 60_000 });
  const provisioner = new Provisioner({
    pool,
    clients,
    changes: new ChangeBus(pool),
    logger: createLogger({ logLevel: 'silent' }),
  });
  for (let i = 0; i < 5; i++) await provisioner.createTenant({ name: `Warm ${i}`, slug: `warm-${i}` }); // JIT, connections
  const ms: number[] = [];
  const ddl: number[] = [];
  const load = loadavg()[0]!;
  for (let i = 0; i < count; i++) {
    let started = performance.now();
    await provisioner.createTenant({
      name: `Bench ${i}`,
      slug: `bench-${i}`,
      domains: [{ domain: `bench-${i}.example.com`, primary: true }],
    });
    ms.push(performance.now() - started);
    started = performance.now();
    await createTenantSchema(pool, `ddl_only_${i}`);
    ddl.push(performance.now() - started);
  }
  const at = (list: number[], p: number) =>
    [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)]!.toFixed(1);
  const { rows } = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  console.log(
    `${count} sequential createTenant on PostgreSQL ${rows[0]!.v}${embedded ? ` (${target})` : ''} (load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}):`,
  );
  console.log(
    `  createTenant                 p50 ${at(ms, 50)} ms · p95 ${at(ms, 95)} ms · p99 ${at(ms, 99)} ms · max ${at(ms, 100)} ms`,
  );
  console.log(`  schema + tenant DDL tx alone p50 ${at(ddl, 50)} ms · p95 ${at(ddl, 95)} ms`);
  await clients.close();
} finally {
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  await admin.end();
  if (embedded) {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
