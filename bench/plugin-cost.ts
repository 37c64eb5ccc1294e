// `npm run bench:plugins [-- --requests N] [--rounds R]`: what each of the gateway's plugins costs per
// request. In one process, on a throwaway database, the trivial query `{ serverTime }` is sent through
// yoga.fetch (no sockets: only the gateway's own CPU) to the full gateway and to gateways each missing
// one plugin, rounds interleaved; CPU time per request is the median over rounds, and a plugin's cost
// is the full gateway's time minus the time without it. A bare Yoga is the floor.
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSchema, createYoga } from 'graphql-yoga';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import { createGateway, gatewayPlugins } from '../src/yoga.js';
import { createBenchDatabase } from './lib/database.js';
import { createFixtures } from './lib/fixtures.js';
import { median } from './lib/stats.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const db = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
const fx = await createFixtures(db.url);
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  DATABASE_URL: db.url,
  JWT_SECRET: fx.jwtSecret,
  SETTINGS_ENCRYPTION_KEYS: fx.encryptionKeys,
});
// Request log lines are part of the cost (JSON, as in production), but not the terminal's: /dev/null.
const logger = createLogger({ ...config, logFormat: 'json' }, createWriteStream('/dev/null'));
const services = createServices(
  config,
  { url: db.url, pool: fx.pool, embedded: false, close: async () => undefined } as never,
  logger,
);
const host = `${fx.main.slug}.localhost`;
const body = JSON.stringify({ query: '{ serverTime }' });
const names = gatewayPlugins(services).map(([name]) => name);
type Fetch = (url: string, init: RequestInit) => Promise<Response> | Response;
const variants: [string, Fetch][] = [
  ['full gateway', createGateway(services).fetch as Fetch],
  ...names.map((name): [string, Fetch] => [
    `without ${name}`,
    createGateway(services, { without: new Set([name]) }).fetch as Fetch,
  ]),
  [
    'bare Yoga',
    createYoga({
      schema: createSchema({
        typeDefs: 'type Query { serverTime: String }',
        resolvers: { Query: { serverTime: () => new Date().toISOString() } },
      }),
    }).fetch as Fetch,
  ],
];

async function cpuPerRequest(fetch: Fetch): Promise<number> {
  const init = { method: 'POST', headers: { host, 'content-type': 'application/json' }, body };
  const start = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const res = await fetch(`http://${host}/graphql`, init);
    if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
    await res.text();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / requests;
}

const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (const [, fetch] of variants) await cpuPerRequest(fetch); // warm every variant up
for (let r = 0; r < rounds; r++) {
  for (const [name, fetch] of variants) samples.get(name)!.push(await cpuPerRequest(fetch));
  process.stderr.write(`round ${r + 1}/${rounds}\n`);
}
const full = median(samples.get('full gateway')!);
const rows = variants.map(([name]) => {
  const us = median(samples.get(name)!);
  return {
    variant: name,
    usPerRequest: Math.round(us),
    costOfPlugin: name.startsWith('without ') ? Math.round(full - us) : null,
  };
});
console.log(`| variant | CPU µs / request | the plugin's cost (µs) |\n| --- | --- | --- |`);
for (const row of rows) console.log(`| ${row.variant} | ${row.usPerRequest} | ${row.costOfPlugin ?? ''} |`);
console.log(
  `\n${requests} requests × ${rounds} rounds per variant, \`{ serverTime }\` on a tenant host via yoga.fetch (no sockets).`,
);
await services.clients.close();
await services.changes.close();
await fx.close();
await db.drop();
