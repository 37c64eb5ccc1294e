// Concurrent clients, each sending GraphQL reads and writes to random tenants' hosts over real HTTP
// (keep-alive, as a browser or a BFF would), for a fixed time. Every answer is checked against the
// tenant of its Host: a string that carries another tenant's fingerprint (id, slug, `@slug.test`,
// `slug:n`) is a cross-tenant leak; an answer missing the host's own fingerprint is a mismatch.
import { Agent, request } from 'node:http';
import type { FingerprintedTenant } from './fingerprinted-tenants.js';

/** What the load's operations answer (each asks for some of these fields). */
interface LoadAnswer {
  currentTenant?: { id?: string; slug?: string; name?: string; branding?: Record<string, unknown> | null } | null;
  users?: { edges: { node: { email: string } }[] };
  tenantSettings?: { key: string; value: unknown }[];
  createUser?: { email?: string } | null;
  setTenantSetting?: { value?: unknown } | null;
  settingsByCategory?: Record<string, Record<string, unknown>> | null;
}

export interface LoadOptions {
  clients: number;
  durationMs: number;
  /** Called between requests by client 0, e.g. to inject a fault; awaited. */
  onTick?: (elapsedMs: number) => Promise<void> | void;
  /** Ends the run before durationMs (then a cap) once this returns true; checked before every request. */
  stopWhen?: () => boolean;
}

export interface LoadReport {
  requests: number;
  byStatus: Record<number, number>;
  byCode: Record<string, number>;
  crossTenant: number;
  mismatches: number;
  /** A few examples of leaks and mismatches, for the failure message. */
  samples: string[];
  /** Emails whose createUser was acknowledged, per tenant slug. */
  created: Map<string, string[]>;
  /** Transport failures (socket errors): the gateway went away. */
  transportErrors: number;
  durationMs: number;
  /** Milliseconds per request, by operation. */
  latencies: Record<string, number[]>;
}

type Op = {
  name: string;
  query: string;
  variables?: (slug: string, n: string) => Record<string, unknown>;
  anonymous?: boolean;
};

const OPS: Op[] = [
  {
    name: 'read',
    query: `query Read { currentTenant { id slug branding } users(first: 50) { totalCount edges { node { email } } } tenantSettings(category: GENERAL) { key value } }`,
  },
  {
    name: 'createUser',
    query: `mutation W($email: String!) { createUser(input: { email: $email, name: $email }) { email } }`,
    variables: (slug, n) => ({ email: `${n}@${slug}.test` }),
  },
  {
    name: 'setSetting',
    query: `mutation S($v: JSON!) { setTenantSetting(input: { category: GENERAL, key: "counter", value: $v }) { key value } }`,
    variables: (slug, n) => ({ v: `${slug}:${n.replace(/\D/g, '')}` }),
  },
  { name: 'settings', query: `query Settings { settingsByCategory }` },
  { name: 'anonymous', query: `query Card { currentTenant { id name slug branding } }`, anonymous: true },
];

/** Every string in a JSON value, with its path. */
function strings(value: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

export async function runIsolationLoad(
  baseUrl: string,
  tenants: FingerprintedTenant[],
  opts: LoadOptions,
): Promise<LoadReport> {
  const { port } = new URL(baseUrl);
  const bySlug = new Map(tenants.map((t) => [t.slug, t]));
  const slugOfId = new Map(tenants.map((t) => [t.id, t.slug]));
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  const report: LoadReport = {
    requests: 0,
    byStatus: {},
    byCode: {},
    crossTenant: 0,
    mismatches: 0,
    samples: [],
    created: new Map(),
    transportErrors: 0,
    durationMs: 0,
    latencies: {},
  };
  const note = (kind: 'leak' | 'mismatch', text: string) => {
    if (kind === 'leak') report.crossTenant++;
    else report.mismatches++;
    if (report.samples.length < 10) report.samples.push(`${kind}: ${text}`);
  };

  /** The tenant a string names, when it carries a fingerprint. */
  const ownerOf = (s: string): string | undefined =>
    slugOfId.get(s) ??
    (bySlug.has(s) ? s : undefined) ??
    /@([a-z0-9-]+)\.test$/.exec(s)?.[1] ??
    /^([a-z0-9-]+):\d+$/.exec(s)?.[1] ??
    /^Tenant ([a-z0-9-]+)$/.exec(s)?.[1];

  const check = (t: FingerprintedTenant, op: Op, data: LoadAnswer, sent?: Record<string, unknown>) => {
    for (const [path, s] of strings(data)) {
      const owner = ownerOf(s);
      if (owner !== undefined && owner !== t.slug && (bySlug.has(owner) || slugOfId.has(s)))
        note('leak', `${t.slug} got ${s} at ${path}`);
    }
    const own = (ok: boolean, what: string) =>
      ok || note('mismatch', `${t.slug} ${op.name}: ${what} ${JSON.stringify(data).slice(0, 200)}`);
    if (op.name === 'read' || op.name === 'anonymous') {
      own(data.currentTenant?.id === t.id && data.currentTenant?.slug === t.slug, 'currentTenant');
      own(data.currentTenant?.branding?.fingerprint === t.slug, 'branding');
    }
    if (op.name === 'anonymous') own(data.currentTenant?.name === `Tenant ${t.slug}`, 'name');
    if (op.name === 'read') {
      own(
        !!data.users &&
          data.users.edges.length > 0 &&
          data.users.edges.every((e) => e.node.email.endsWith(`@${t.slug}.test`)),
        'users',
      );
      own(!!data.tenantSettings?.some((s) => s.key === 'fingerprint' && s.value === t.slug), 'settings');
    }
    if (op.name === 'createUser') own(data.createUser?.email === sent?.email, 'created email');
    if (op.name === 'setSetting') own(data.setTenantSetting?.value === sent?.v, 'setting value');
    if (op.name === 'settings') own(data.settingsByCategory?.general?.fingerprint === t.slug, 'settingsByCategory');
  };

  const send = (t: FingerprintedTenant, op: Op, variables?: Record<string, unknown>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = JSON.stringify({ query: op.query, variables });
      const req = request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: {
            host: `${t.slug}.localhost:${port}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(op.anonymous ? {} : { authorization: `Bearer ${t.token}` }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const started = performance.now();
  const deadline = started + opts.durationMs;
  const client = async (c: number) => {
    for (let i = 0; performance.now() < deadline && !opts.stopWhen?.(); i++) {
      if (c === 0) await opts.onTick?.(performance.now() - started);
      const t = tenants[Math.floor(Math.random() * tenants.length)]!;
      const op = OPS[(c + i) % OPS.length]!;
      const variables = op.variables?.(t.slug, `c${c}n${i}`);
      report.requests++;
      let res: { status: number; body: string };
      const sentAt = performance.now();
      try {
        res = await send(t, op, variables);
      } catch {
        report.transportErrors++;
        continue;
      }
      (report.latencies[op.name] ??= []).push(performance.now() - sentAt);
      report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
      let parsed: { data?: LoadAnswer; errors?: { extensions?: { code?: string } }[] };
      try {
        parsed = JSON.parse(res.body);
      } catch {
        parsed = { errors: [{ extensions: { code: `NOT_JSON ${res.body.slice(0, 60)}` } }] };
      }
      for (const e of parsed.errors ?? [])
        report.byCode[e.extensions?.code ?? 'NONE'] = (report.byCode[e.extensions?.code ?? 'NONE'] ?? 0) + 1;
      if (res.status !== 200 || parsed.errors?.length || !parsed.data) continue;
      check(t, op, parsed.data, variables);
      if (op.name === 'createUser')
        report.created.set(t.slug, [...(report.created.get(t.slug) ?? []), String(variables!.email)]);
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  report.durationMs = performance.now() - started;
  agent.destroy();
  return report;
}

export const fiveXx = (report: LoadReport, except: number[] = []) =>
  Object.entries(report.byStatus).reduce(
    (n, [status, count]) => (Number(status) >= 500 && !except.includes(Number(status)) ? n + count : n),
    0,
  );

/** "op p50/p99 ms" for each operation, for logs. */
export function latencySummary(report: LoadReport): string {
  return Object.entries(report.latencies)
    .map(([op, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
      return `${op} ${at(0.5)}/${at(0.99)}`;
    })
    .join(', ');
}
