import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import { createGateway } from '../src/yoga.js';
import { createBenchDatabase } from './lib/database.js';
import { createFixtures, grantViewer, seedUsers } from './lib/fixtures.js';
import { provisioning } from './scenarios/provisioning.js';

const N = Number(process.env.N ?? 1000);
const db = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
const fx = await createFixtures(db.url);
await provisioning(fx, N, { measure: false });
await seedUsers(fx.pool, fx.fleet.map((t) => t.schemaName), 3);
await grantViewer(fx.pool, fx.viewerEmail, fx.fleet.map((t) => t.id));
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'info', DATABASE_URL: db.url, JWT_SECRET: fx.jwtSecret, SETTINGS_ENCRYPTION_KEYS: fx.encryptionKeys, TENANT_CLIENT_CACHE_MAX: '100' });
const logger = createLogger({ ...config, logFormat: 'json' }, createWriteStream('/dev/null'));
const services = createServices(config, { url: db.url, pool: fx.pool, embedded: false, close: async () => undefined } as never, logger);
const yoga = createGateway(services);
const body = JSON.stringify({ query: '{ users(first: 5) { edges { node { id email } } } }' });
/** CPU seconds of every postgres process (the embedded cluster's backends). */
function postgresCpu(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return ticks / 100;
}
async function run(hosts: string[], count: number) {
  let next = 0;
  const pg0 = postgresCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < count) {
      const host = hosts[next++ % hosts.length]!;
      const res = await yoga.fetch(`http://${host}/graphql`, { method: 'POST', headers: { host, 'content-type': 'application/json', authorization: `Bearer ${fx.token}` }, body });
      const j = (await res.json()) as { errors?: unknown };
      if (j.errors) throw new Error(JSON.stringify(j.errors));
    }
  }));
  const c = process.cpuUsage(c0);
  return { rps: Math.round(count / ((performance.now() - t0) / 1000)), nodeCpuMs: +((c.user + c.system) / 1000 / count).toFixed(2), pgCpuMs: +(((postgresCpu() - pg0) * 1000) / count).toFixed(2) };
}
const many = fx.fleet.map((t) => `${t.slug}.localhost`);
await run(many, N); await run([many[0]!], 300);
for (let i = 0; i < 2; i++) {
  console.log('many', JSON.stringify(await run(many, 2000)));
  console.log('one ', JSON.stringify(await run([many[0]!], 2000)));
}
await services.clients.close(); await services.changes.close(); await fx.close(); await db.drop();
