// c / c10k. The same tenant-data query spread round-robin over N tenants (every request on another
//    tenant, with a client cache of 100 bindings: beyond 100 tenants each request misses it and binds
//    anew to the one shared engine) vs all on one tenant. Meanwhile the gateway's connections are sampled from pg_stat_activity: however
//    many tenants, they must never exceed the pool's max.
import pg from 'pg';
import { CLIENT_CACHE_MAX, POOL_MAX, type BenchFixtures } from '../lib/fixtures.js';
import type { LoadTarget } from '../lib/load.js';
import { fmt, target, type ScenarioResult } from '../lib/result.js';
import { probe, sideBySide, type SideBySideOptions } from '../lib/side-by-side.js';
import type { ServerPorts } from '../lib/servers.js';

export const TENANT_QUERY = '{ users(first: 5) { edges { node { id email } } } }';

/** Polls a gateway's connection count every `everyMs` until stopped; returns the maximum seen. */
function sampleConnections(url: string, applicationName: string, everyMs = 100) {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-sampler' });
  const samples: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [applicationName],
    );
    samples.push(rows[0]!.n);
    if (!stopped) timer = setTimeout(() => void tick().catch(() => undefined), everyMs);
  };
  return {
    async start() {
      await client.connect();
      await tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await client.end();
      return { max: Math.max(...samples), samples: samples.length };
    },
  };
}

import type { Tenant } from '../../src/generated/prisma/client.js';

/** One request per host of `target`, 4 at a time, against the gateway at `url`. */
async function visitEveryTenant(url: string, target: LoadTarget): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < target.hosts.length) await probe({ ...target, url, hosts: [target.hosts[next++]!] });
    }),
  );
}

export async function manyTenants(
  fx: BenchFixtures,
  ports: ServerPorts,
  opts: SideBySideOptions,
  scenario: { id: string; tenants: Tenant[]; targets: { throughput: number; p99: number }; roomy: boolean },
): Promise<ScenarioResult> {
  const started = performance.now();
  const fleet = scenario.tenants;
  const body = JSON.stringify({ query: TENANT_QUERY });
  const url = `http://127.0.0.1:${ports.gateway}/graphql`;
  const headers = { authorization: `Bearer ${fx.token}` };
  const subject: LoadTarget = { url, hosts: fleet.map((t) => `${t.slug}.localhost`), body, headers };
  const baseline: LoadTarget = { url, hosts: [`${fleet[0]!.slug}.localhost`], body, headers };
  for (const host of [subject.hosts[0]!, subject.hosts[subject.hosts.length - 1]!]) {
    const answer = await probe({ ...subject, hosts: [host] });
    if (answer.errors || answer.data?.users?.edges?.length !== 3)
      throw new Error(`c: unexpected answer on ${host}: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  // One request per tenant first (4 at a time), as for the roomy gateway below: the host and
  // membership caches (which hold every tenant) and the member-activity mark start warm, so the run
  // measures the steady state; bindings (cache 100) still miss on every request.
  await visitEveryTenant(url, subject);
  const sampler = sampleConnections(fx.url, 'tenant-gateway');
  await sampler.start();
  const r = await sideBySide(subject, baseline, opts).catch(async (err: unknown) => {
    await sampler.stop();
    throw err;
  });
  const connections = await sampler.stop();
  const n = fleet.length;
  const notes =
    r.subject.failures + r.baseline.failures ? [`${r.subject.failures + r.baseline.failures} failed requests`] : [];
  // The same comparison on a gateway whose client cache holds every tenant: what the misses cost.
  let roomy: (Awaited<ReturnType<typeof sideBySide>> & { connections: { max: number; samples: number } }) | undefined;
  if (ports.roomy && scenario.roomy) {
    const roomyUrl = `http://127.0.0.1:${ports.roomy}/graphql`;
    // Fill its cache first: steady state, not the cold start.
    await visitEveryTenant(roomyUrl, subject);
    const roomySampler = sampleConnections(fx.url, 'tenant-gateway-roomy');
    await roomySampler.start();
    roomy = {
      ...(await sideBySide({ ...subject, url: roomyUrl }, { ...baseline, url: roomyUrl }, opts)),
      connections: await roomySampler.stop(),
    };
    notes.push(
      `with a client cache of ${n + 10} (every tenant fits, no misses): ${fmt.rps(roomy.subject.rps)} vs ${fmt.rps(roomy.baseline.rps)}, ` +
        `${roomy.throughputRatio}× throughput, p99 ${fmt.ms(roomy.subject.p99)} vs ${fmt.ms(roomy.baseline.p99)} (${roomy.p99Ratio}×), ` +
        `at most ${roomy.connections.max} connections (its pool and its change listener)`,
    );
  }
  return {
    id: scenario.id,
    title: `${n.toLocaleString('en-US')} tenants round-robin (client cache ${CLIENT_CACHE_MAX}) vs one tenant`,
    subject: {
      label: `${n} tenants, one request each in turn`,
      summary: `${fmt.rps(r.subject.rps)} · p50 ${fmt.ms(r.subject.p50)} · p99 ${fmt.ms(r.subject.p99)}`,
    },
    baseline: {
      label: 'one tenant',
      summary: `${fmt.rps(r.baseline.rps)} · p50 ${fmt.ms(r.baseline.p50)} · p99 ${fmt.ms(r.baseline.p99)}`,
    },
    ratio: r.throughputRatio,
    ratioLabel: 'throughput',
    targets: [
      target('throughput ratio', r.throughputRatio, '>=', scenario.targets.throughput),
      target('p99 ratio', r.p99Ratio, '<=', scenario.targets.p99),
      target(
        `max gateway connections (pg_stat_activity, ${connections.samples} samples)`,
        connections.max,
        '<=',
        POOL_MAX,
      ),
    ],
    data: {
      ...r,
      connections,
      poolMax: POOL_MAX,
      clientCacheMax: CLIENT_CACHE_MAX,
      ...(roomy ? { roomyCache: { clientCacheMax: n + 10, ...roomy } } : {}),
    },
    notes,
    durationS: (performance.now() - started) / 1000,
  };
}
