// The hostile-input corpus over real HTTP (cases: test/fixtures/hostile-inputs.json). Every case must
// end in a 4xx, or a GraphQL error, with a clear message — never a 5xx, never "Unexpected error." —
// and leave the database as it was: tenant rows, domains, members, settings, accounts and the schema
// list are compared before and after. The few `accepted` cases (SQL keywords as names) must succeed
// and add exactly the tenant and schema asked for, quoted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../helpers/api.js';
import { useTestDatabase } from '../../helpers/database.js';
import { databaseSnapshot, type DatabaseSnapshot } from '../../helpers/db-snapshot.js';
import { createFingerprintedTenants } from '../../helpers/fingerprinted-tenants.js';
import {
  expand,
  loadCorpus,
  toRawRequest,
  type CorpusContext,
  type HostileCase,
  type Identity,
  type ServerName,
} from '../../helpers/hostile-corpus.js';
import { rawRequest, type RawResponse } from '../../helpers/http.js';
import { PRODUCTION_ENV, startTestServer, type TestServer } from '../../helpers/running-gateway.js';

const corpus = loadCorpus();
const db = useTestDatabase();
const servers = {} as Record<ServerName, TestServer>;
const tokens = {} as Record<ServerName, Record<Identity, string | undefined>>;
let ctx: CorpusContext;

beforeAll(async () => {
  [servers.default, servers.production, servers.trustedProxy] = await Promise.all([
    startTestServer(db.current.url),
    startTestServer(db.current.url, PRODUCTION_ENV),
    startTestServer(db.current.url, { TRUST_PROXY: 'on' }),
  ]);
  const [tenant, otherTenant] = await createFingerprintedTenants(servers.default.gateway.services, 2, 'corpus');
  ctx = { tenant: tenant!, otherTenant: otherTenant! };
  for (const name of Object.keys(servers) as ServerName[]) {
    const secret = name === 'production' ? PRODUCTION_ENV.JWT_SECRET : undefined;
    tokens[name] = {
      anonymous: undefined,
      systemAdmin: await signToken({ email: 'ops@corpus.test', systemAdmin: true }, secret),
      tenantAdmin: await signToken({ email: `admin@${tenant!.slug}.test` }, secret),
    };
    // First requests create the accounts: before any snapshot is taken.
    for (const as of ['systemAdmin', 'tenantAdmin'] as const) {
      const warm = await send({
        name: 'warm',
        group: 'warm',
        server: name,
        as,
        host: `${tenant!.slug}.localhost`,
        expect: { status: 200 },
      });
      expect(warm.status, warm.body).toBe(200);
    }
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.gateway.stop()));
});

function send(c: HostileCase): Promise<RawResponse> {
  const server = c.server ?? 'default';
  return rawRequest(servers[server].url, toRawRequest(c, tokens[server][c.as ?? 'systemAdmin']));
}

/** The message a client reads: the first GraphQL error's, or the body (HTML page, plain text). */
function firstError(res: RawResponse): { message: string; code?: string; graphql: boolean } {
  try {
    const body = JSON.parse(res.body) as { errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.[0])
      return { message: body.errors[0].message, code: body.errors[0].extensions?.code, graphql: true };
  } catch {
    // not JSON
  }
  return { message: res.body, graphql: false };
}

function added(before: DatabaseSnapshot, after: DatabaseSnapshot) {
  return {
    tenants: after.tenants.filter((t) => !before.tenants.includes(t)).map((t) => t.split('|')[1]),
    schemas: after.schemas.filter((s) => !before.schemas.includes(s)),
  };
}

describe(`the hostile-input corpus (${corpus.length} cases)`, () => {
  it('has at least 200 cases, each named once in its group', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => `${c.group}: ${c.name}`)).size).toBe(corpus.length);
  });

  describe.each([...new Set(corpus.map((c) => c.group))])('%s', (group) => {
    it.each(corpus.filter((c) => c.group === group).map((c) => [c.name, c] as const))('%s', async (_name, raw) => {
      const c = expand(raw, ctx);
      const before = await databaseSnapshot(db.current.pool);
      const res = await send(c);
      const after = await databaseSnapshot(db.current.pool);
      const error = firstError(res);
      const what = `${c.name}: ${res.status} ${res.body.slice(0, 300)}`;

      expect(res.status, what).toBeGreaterThan(0);
      expect(res.status, what).toBeLessThan(500);
      expect([c.expect.status].flat(), what).toContain(res.status);
      if (c.expect.accepted) {
        expect(error.graphql, what).toBe(false);
        const slug = (c.variables as { input?: { slug?: string; schemaName?: string } }).input;
        expect(added(before, after), what).toEqual({ tenants: [slug?.slug], schemas: [slug?.schemaName] });
        return;
      }
      // A refusal: a client error, or a GraphQL error — clear, never masked.
      expect(res.status >= 400 || error.graphql, what).toBe(true);
      expect(error.message, what).not.toMatch(/^Unexpected error\.|at .+\.(ts|js):\d+|Prisma/);
      expect(error.code, what).not.toBe('INTERNAL_SERVER_ERROR');
      if (c.expect.code) expect(error.code, what).toBe(c.expect.code);
      if (c.expect.message) expect(error.message, what).toMatch(new RegExp(c.expect.message));
      expect(after, `${c.name}: the database changed`).toEqual(before);
    });
  });
});
