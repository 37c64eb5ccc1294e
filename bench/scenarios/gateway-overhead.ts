// a. A trivial query on a tenant host vs the same query on a bare Yoga (same process).
// b. A DB-backed query (currentTenant with domains, first 10 users) vs a bare Yoga whose resolvers
//    send the same SQL through pg. The gateway also authenticates the bearer token and checks the
//    viewer's membership (one more query); the baseline does neither.
import type { BenchFixtures } from '../lib/fixtures.js';
import type { LoadTarget } from '../lib/load.js';
import { fmt, target, type ScenarioResult } from '../lib/result.js';
import { probe, sideBySide, type SideBySideOptions, type SideSummary } from '../lib/side-by-side.js';
import type { ServerPorts } from '../lib/servers.js';

const describe = (s: SideSummary) => `${fmt.rps(s.rps)} · p50 ${fmt.ms(s.p50)} · p99 ${fmt.ms(s.p99)}`;

export async function trivialQuery(
  fx: BenchFixtures,
  ports: ServerPorts,
  opts: SideBySideOptions,
): Promise<ScenarioResult> {
  const started = performance.now();
  const body = JSON.stringify({ query: '{ serverTime }' });
  const subject: LoadTarget = {
    url: `http://127.0.0.1:${ports.gateway}/graphql`,
    hosts: [`${fx.main.slug}.localhost`],
    body,
  };
  const baseline: LoadTarget = { url: `http://127.0.0.1:${ports.bare}/graphql`, hosts: ['127.0.0.1'], body };
  for (const t of [subject, baseline])
    if (typeof (await probe(t)).data?.serverTime !== 'string') throw new Error('a: unexpected answer');
  const r = await sideBySide(subject, baseline, opts);
  return {
    id: 'a',
    title: 'trivial query `{ serverTime }`: tenant host vs bare Yoga',
    subject: { label: 'gateway, tenant host', summary: describe(r.subject) },
    baseline: { label: 'bare Yoga, minimal schema', summary: describe(r.baseline) },
    ratio: r.throughputRatio,
    ratioLabel: 'throughput',
    targets: [target('throughput ratio', r.throughputRatio, '>=', 0.95)],
    data: { ...r },
    notes:
      r.subject.failures + r.baseline.failures ? [`${r.subject.failures + r.baseline.failures} failed requests`] : [],
    durationS: (performance.now() - started) / 1000,
  };
}

export const DB_QUERY =
  '{ currentTenant { id name domains { domain } } users(first: 10) { edges { node { id email } } } }';

export async function dbQuery(fx: BenchFixtures, ports: ServerPorts, opts: SideBySideOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const body = JSON.stringify({ query: DB_QUERY });
  const subject: LoadTarget = {
    url: `http://127.0.0.1:${ports.gateway}/graphql`,
    hosts: [`${fx.main.slug}.localhost`],
    body,
    headers: { authorization: `Bearer ${fx.token}` },
  };
  const baseline: LoadTarget = { url: `http://127.0.0.1:${ports.raw}/graphql`, hosts: ['127.0.0.1'], body };
  const answers = [await probe(subject), await probe(baseline)];
  for (const a of answers) {
    if (
      a.errors ||
      a.data?.users?.edges?.length !== 10 ||
      a.data?.currentTenant?.domains?.[0]?.domain !== 'bench.example.com'
    ) {
      throw new Error(`b: unexpected answer ${JSON.stringify(a).slice(0, 300)}`);
    }
  }
  if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1]))
    throw new Error('b: the gateway and the baseline answer differently');
  const r = await sideBySide(subject, baseline, opts);
  return {
    id: 'b',
    title: 'DB-backed query (currentTenant + domains, first 10 users) vs bare Yoga + raw pg',
    subject: { label: 'gateway (Prisma, JWT, membership check)', summary: describe(r.subject) },
    baseline: { label: 'bare Yoga + pg, same SQL', summary: describe(r.baseline) },
    ratio: r.throughputRatio,
    ratioLabel: 'throughput',
    targets: [target('throughput ratio', r.throughputRatio, '>=', 0.8)],
    data: { ...r },
    notes:
      r.subject.failures + r.baseline.failures ? [`${r.subject.failures + r.baseline.failures} failed requests`] : [],
    durationS: (performance.now() - started) / 1000,
  };
}
