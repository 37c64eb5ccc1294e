// The hostile-input corpus (test/fixtures/hostile-inputs.json): each case is data — a request and
// what the gateway must answer — turned here into raw HTTP. Strings may use placeholders:
//   {{tenant}} {{tenantId}} {{tenantSchema}} {{otherTenant}} {{otherTenantId}}  the corpus tenants
//   {{repeat:N:TEXT}}  TEXT N times, "#" in TEXT → 0…N-1
//   "{{deep}}"         (a whole JSON string) a JSON array nested DEEP_JSON_LEVELS deep, spliced into the
//                      body text: too deep for JSON.stringify, which is how a hostile client would send it
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawRequest } from './http.js';

export type Identity = 'anonymous' | 'systemAdmin' | 'tenantAdmin';
export type ServerName = 'default' | 'production' | 'trustedProxy';

export interface HostileCase {
  name: string;
  group: string;
  server?: ServerName;
  method?: string;
  path?: string;
  /** Host header value(s); null sends none (HTTP/1.0). Default: the platform host, `localhost`. */
  host?: string | string[] | null;
  headers?: Record<string, string>;
  /** Whose token goes in Authorization (unless headers.authorization is given). Default systemAdmin. */
  as?: Identity;
  query?: string;
  variables?: unknown;
  operationName?: string;
  /** The body as is (a string) or as JSON (anything else); replaces query/variables. */
  body?: unknown;
  contentType?: string;
  expect: {
    status: number | number[];
    code?: string;
    /** A regular expression the first error message (or the body) must match. */
    message?: string;
    /** Hostile-looking but valid (SQL keywords as names): accepted, exactly as asked. */
    accepted?: boolean;
  };
}

export const DEEP_JSON_LEVELS = 30_000;

export interface CorpusContext {
  tenant: { slug: string; id: string; schemaName: string };
  otherTenant: { slug: string; id: string };
}

export function loadCorpus(): HostileCase[] {
  const file = path.resolve('test/fixtures/hostile-inputs.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: HostileCase[] }).cases;
}

function expandString(text: string, ctx: CorpusContext): string {
  return text
    .replace(/\{\{repeat:(\d+):([\s\S]*?)\}\}/g, (_m, n: string, unit: string) =>
      Array.from({ length: Number(n) }, (_, i) => unit.replaceAll('#', String(i))).join(''),
    )
    .replaceAll('{{tenantId}}', ctx.tenant.id)
    .replaceAll('{{tenantSchema}}', ctx.tenant.schemaName)
    .replaceAll('{{otherTenantId}}', ctx.otherTenant.id)
    .replaceAll('{{tenant}}', ctx.tenant.slug)
    .replaceAll('{{otherTenant}}', ctx.otherTenant.slug);
}

/** Every string in the case with its placeholders filled in. */
export function expand<T>(value: T, ctx: CorpusContext): T {
  if (typeof value === 'string') return expandString(value, ctx) as T;
  if (Array.isArray(value)) return value.map((v) => expand(v, ctx)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [expandString(k, ctx), expand(v, ctx)])) as T;
  }
  return value;
}

/** The raw request of an expanded case, with `token` (if any) as its bearer token. */
export function toRawRequest(c: HostileCase, token: string | undefined): RawRequest {
  const headers: [string, string][] = [];
  const hosts = c.host === undefined ? ['localhost'] : c.host === null ? [] : Array.isArray(c.host) ? c.host : [c.host];
  for (const host of hosts) headers.push(['Host', host]);
  const extra = Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (token && !('authorization' in extra)) headers.push(['Authorization', `Bearer ${token}`]);
  const method = c.method ?? 'POST';
  let body: string | undefined;
  if (c.body !== undefined) body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
  else if (method === 'POST')
    body = JSON.stringify({
      query: c.query ?? '{ serverTime }',
      variables: c.variables,
      operationName: c.operationName,
    });
  body = body?.replaceAll('"{{deep}}"', `${'['.repeat(DEEP_JSON_LEVELS)}${']'.repeat(DEEP_JSON_LEVELS)}`);
  if (body !== undefined && !('content-type' in extra))
    headers.push(['Content-Type', c.contentType ?? 'application/json']);
  if (!('accept' in extra)) headers.push(['Accept', 'application/graphql-response+json, application/json']);
  for (const [k, v] of Object.entries(c.headers ?? {})) headers.push([k, v]);
  return { method, path: c.path ?? '/graphql', headers, body, version: '1.0' };
}
