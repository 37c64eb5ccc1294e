// Custom domains over the API (issue 5 §3, docs/ARCHITECTURE.md "The request path"): stored in canonical form,
// unique across tenants, verified by a DNS TXT record served by a real DNS server on 127.0.0.1, and
// routed only once verified; tenants.domain follows the verified primary domain.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, outcome, tenantWithMembers } from '../../helpers/api.js';
import { startTestDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { useTestGateway } from '../../helpers/gateway.js';

let dns: TestDnsServer;
// Registered before useTestGateway's own beforeAll, which reads the env function after this ran.
beforeAll(async () => {
  dns = await startTestDnsServer();
});
afterAll(async () => {
  await dns?.close();
});
const gw = useTestGateway(() => ({ DNS_RESOLVERS: dns.address, DNS_TIMEOUT_MS: '2000' }));

type World = Awaited<ReturnType<typeof tenantWithMembers>>;
const fresh = () => randomBytes(4).toString('hex');
const control = () => gw.current.services.clients.control();

const ADD = `mutation($tenantId: ID, $domain: String!, $primary: Boolean) {
  addTenantDomain(tenantId: $tenantId, domain: $domain, primary: $primary) { id domain primary verifiedAt verificationToken verificationRecord }
}`;
const VERIFY = 'mutation($id: ID!) { verifyTenantDomain(id: $id) { id domain verifiedAt } }';
const SET_PRIMARY = 'mutation($id: ID!) { setPrimaryDomain(id: $id) { id domain primary } }';
const REMOVE = 'mutation($id: ID!) { removeTenantDomain(id: $id) }';

async function add(t: World, domain: string, primary?: boolean) {
  const result = await graphql(gw.current, { host: t.host, as: t.admin, query: ADD, variables: { domain, primary } });
  expect(result.errors).toBeUndefined();
  return result.data.addTenantDomain as { id: string; domain: string; primary: boolean; verificationToken: string; verificationRecord: string };
}

/** Publishes the domain's token in DNS, as its owner would, and verifies it. */
async function addVerified(t: World, domain: string, primary?: boolean) {
  const added = await add(t, domain, primary);
  dns.zone.txt.set(added.verificationRecord, [[added.verificationToken]]);
  const verified = await graphql(gw.current, { host: t.host, as: t.admin, query: VERIFY, variables: { id: added.id } });
  expect(verified.errors).toBeUndefined();
  return added;
}

const run = (t: World, query: string, id: string) => graphql(gw.current, { host: t.host, as: t.admin, query, variables: { id } });

/** Tenant.domain and the domains as a member of the tenant sees them. */
async function domainsOf(t: World) {
  const result = await graphql(gw.current, {
    host: t.host,
    as: t.owner,
    query: '{ currentTenant { domain domains { domain primary verifiedAt } } }',
  });
  expect(result.errors).toBeUndefined();
  return result.data.currentTenant as { domain: string | null; domains: { domain: string; primary: boolean; verifiedAt: string | null }[] };
}

/** Who answers at `host`: the tenant's slug, or the door's refusal. */
async function servedAt(host: string) {
  const result = await graphql(gw.current, { host, query: '{ currentTenant { slug } }' });
  return result.errors ? `${result.status} ${outcome(result)}` : result.data.currentTenant?.slug;
}

describe('addTenantDomain', () => {
  it('stores the domain lower-cased, without a trailing dot, IDNs as punycode, with a verification token', async () => {
    const t = await tenantWithMembers(gw.current);
    const id = fresh();
    const plain = await add(t, `Shop-${id}.Example.COM.`);
    expect(plain).toMatchObject({ domain: `shop-${id}.example.com`, primary: false, verifiedAt: null });
    expect(plain.verificationToken).toMatch(/^\S{16,}$/);
    expect(plain.verificationRecord).toBe(`_tenant-verification.shop-${id}.example.com`);

    const idn = await add(t, `BÜCHER-${id}.example.`);
    expect(idn.domain).toBe(new URL(`http://bücher-${id}.example`).hostname);
    expect(idn.domain).toMatch(/^xn--/);
    expect(idn.verificationToken).not.toBe(plain.verificationToken);

    const stored = await control().tenantDomain.findMany({ where: { tenantId: t.tenant.id }, orderBy: { domain: 'asc' } });
    expect(stored.map((d) => d.domain).sort()).toEqual([idn.domain, plain.domain].sort());
  });

  it("refuses a domain another tenant has verified, however it is spelled (CONFLICT), and adds nothing", async () => {
    const a = await tenantWithMembers(gw.current);
    const b = await tenantWithMembers(gw.current);
    const domain = `taken-${fresh()}.example.com`;
    await addVerified(a, domain);
    for (const spelling of [domain, domain.toUpperCase(), `${domain}.`]) {
      const result = await graphql(gw.current, { host: b.host, as: b.admin, query: ADD, variables: { domain: spelling } });
      expect(outcome(result)).toBe('CONFLICT');
      expect(result.errors![0]!.message).toContain(domain);
      expect(result.errors![0]!.extensions!.field).toBe('domain');
    }
    expect(await control().tenantDomain.count({ where: { tenantId: b.tenant.id } })).toBe(0);
  });

  it('refuses IP addresses, names under BASE_DOMAIN, single labels and URLs with BAD_USER_INPUT on `domain`, writing nothing', async () => {
    const t = await tenantWithMembers(gw.current);
    const auditBefore = await gw.current.services.clients.forSchema(t.tenant.schemaName).auditLog.count();
    for (const domain of ['192.168.1.10', '[::1]', '10.0.0.1.', 'localhost', 'other.localhost', `x.${t.tenant.slug}.localhost`, 'intranet', 'https://shop.example.com/', 'shop..example.com', '']) {
      const result = await graphql(gw.current, { host: t.host, as: t.admin, query: ADD, variables: { domain } });
      expect(outcome(result), domain).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field, domain).toBe('domain');
    }
    expect(await control().tenantDomain.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect(await gw.current.services.clients.forSchema(t.tenant.schemaName).auditLog.count()).toBe(auditBefore);
  });
});

describe('verifyTenantDomain (TXT _tenant-verification.<domain> on a DNS server at 127.0.0.1)', () => {
  it('verifies a domain whose TXT record holds its token', async () => {
    const t = await tenantWithMembers(gw.current);
    const added = await add(t, `ok-${fresh()}.example.com`);
    dns.zone.txt.set(added.verificationRecord, [['v=spf1 -all'], [added.verificationToken]]);
    const before = Date.now();
    const result = await run(t, VERIFY, added.id);
    expect(result.errors).toBeUndefined();
    expect(result.data.verifyTenantDomain.domain).toBe(added.domain);
    const verifiedAt = Date.parse(result.data.verifyTenantDomain.verifiedAt);
    expect(verifiedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(verifiedAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('leaves a domain unverified and says why when the record holds another value or does not exist', async () => {
    const t = await tenantWithMembers(gw.current);
    const wrong = await add(t, `wrong-${fresh()}.example.com`);
    dns.zone.txt.set(wrong.verificationRecord, [['someone-elses-token']]);
    const missing = await add(t, `missing-${fresh()}.example.com`);

    const mismatch = await run(t, VERIFY, wrong.id);
    expect(outcome(mismatch)).toBe('BAD_USER_INPUT');
    expect(mismatch.errors![0]!.message).toContain('none equals the verification token');
    const absent = await run(t, VERIFY, missing.id);
    expect(outcome(absent)).toBe('BAD_USER_INPUT');
    expect(absent.errors![0]!.message).toContain(`${missing.verificationRecord} does not exist`);

    const rows = await control().tenantDomain.findMany({ where: { tenantId: t.tenant.id } });
    expect(rows.map((r) => r.verifiedAt)).toEqual([null, null]);
  });
});

describe('routing by custom domain', () => {
  it('serves a custom domain only once it is verified, and stops at once when it is removed', async () => {
    const t = await tenantWithMembers(gw.current);
    const added = await add(t, `route-${fresh()}.example.com`);
    expect(await servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');

    dns.zone.txt.set(added.verificationRecord, [[added.verificationToken]]);
    expect((await run(t, VERIFY, added.id)).errors).toBeUndefined();
    expect(await servedAt(added.domain)).toBe(t.tenant.slug);
    expect(await servedAt(added.domain.toUpperCase())).toBe(t.tenant.slug);

    expect((await run(t, REMOVE, added.id)).data).toEqual({ removeTenantDomain: true });
    expect(await servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');
  });

  it('removes a domain once when asked twice at the same time: the second caller is told it is gone (NOT_FOUND)', async () => {
    const t = await tenantWithMembers(gw.current);
    const added = await addVerified(t, `twice-${fresh()}.example.com`, true);
    const results = await Promise.all([run(t, REMOVE, added.id), run(t, REMOVE, added.id), run(t, REMOVE, added.id)]);
    expect(results.map(outcome).sort()).toEqual(['NOT_FOUND', 'NOT_FOUND', 'OK']);
    expect(results.find((r) => !r.errors)!.data).toEqual({ removeTenantDomain: true });
    expect(await control().tenantDomain.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect((await domainsOf(t)).domain).toBeNull();
  });

  it('answers NOT_FOUND for an id that names no domain, whatever its shape', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const id of ['------------------------------------', 'not-an-id', '00000000-0000-0000-0000-000000000000']) {
      for (const query of [VERIFY, SET_PRIMARY, REMOVE]) expect(outcome(await run(t, query, id)), `${id} ${query}`).toBe('NOT_FOUND');
    }
  });

  it('does not route an unverified primary domain either', async () => {
    const t = await tenantWithMembers(gw.current);
    const added = await add(t, `unverified-primary-${fresh()}.example.com`, true);
    expect(await servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');
    expect((await domainsOf(t)).domain).toBeNull();
  });
});

describe('the primary domain', () => {
  it('is mirrored in Tenant.domain only while it is verified, follows a switch, and clears when removed', async () => {
    const t = await tenantWithMembers(gw.current);
    const first = await add(t, `first-${fresh()}.example.com`, true);
    expect((await domainsOf(t)).domain).toBeNull();

    dns.zone.txt.set(first.verificationRecord, [[first.verificationToken]]);
    await run(t, VERIFY, first.id);
    expect((await domainsOf(t)).domain).toBe(first.domain);

    const second = await addVerified(t, `second-${fresh()}.example.com`);
    expect((await domainsOf(t)).domain).toBe(first.domain);
    const switched = await run(t, SET_PRIMARY, second.id);
    expect(switched.data.setPrimaryDomain).toEqual({ id: second.id, domain: second.domain, primary: true });
    const afterSwitch = await domainsOf(t);
    expect(afterSwitch.domain).toBe(second.domain);
    expect(afterSwitch.domains.filter((d) => d.primary).map((d) => d.domain)).toEqual([second.domain]);

    const unverified = await add(t, `third-${fresh()}.example.com`);
    await run(t, SET_PRIMARY, unverified.id);
    expect((await domainsOf(t)).domain).toBeNull();

    await run(t, SET_PRIMARY, second.id);
    expect((await domainsOf(t)).domain).toBe(second.domain);
    await run(t, REMOVE, second.id);
    const afterRemove = await domainsOf(t);
    expect(afterRemove.domain).toBeNull();
    expect(afterRemove.domains.some((d) => d.primary)).toBe(false);
    // both remaining domains still exist; the verified one keeps routing, as a non-primary domain
    expect(await servedAt(first.domain)).toBe(t.tenant.slug);
  });

  it('is at most one per tenant, however domains are added or switched, even concurrently', async () => {
    const t = await tenantWithMembers(gw.current);
    await add(t, `p1-${fresh()}.example.com`, true);
    const p2 = await add(t, `p2-${fresh()}.example.com`, true);
    expect((await domainsOf(t)).domains.filter((d) => d.primary).map((d) => d.domain)).toEqual([p2.domain]);

    const others = await Promise.all(Array.from({ length: 4 }, (_, i) => add(t, `c${i}-${fresh()}.example.com`)));
    const results = await Promise.all(others.map((d) => run(t, SET_PRIMARY, d.id)));
    expect(results.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    const primaries = await control().tenantDomain.findMany({ where: { tenantId: t.tenant.id, primary: true } });
    expect(primaries).toHaveLength(1);

    const concurrentAdds = await Promise.all(
      Array.from({ length: 4 }, (_, i) => graphql(gw.current, { host: t.host, as: t.admin, query: ADD, variables: { domain: `a${i}-${fresh()}.example.com`, primary: true } })),
    );
    expect(concurrentAdds.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(await control().tenantDomain.count({ where: { tenantId: t.tenant.id, primary: true } })).toBe(1);
  });
});

describe('domain claims cannot squat', () => {
  it("lets the domain's owner claim and verify a domain another tenant claimed unverified; verification wins and drops the other claim", async () => {
    const squatter = await tenantWithMembers(gw.current);
    const owner = await tenantWithMembers(gw.current);
    const domain = `brand-${fresh()}.example.com`;
    const squat = await add(squatter, domain);
    await addVerified(owner, domain);
    expect(await servedAt(domain)).toBe(owner.tenant.slug);
    expect(await control().tenantDomain.findUnique({ where: { id: squat.id } })).toBeNull();
    // the squatter cannot claim it again while it is verified elsewhere
    const again = await graphql(gw.current, { host: squatter.host, as: squatter.admin, query: ADD, variables: { domain } });
    expect(outcome(again)).toBe('CONFLICT');
  });

  it('refuses a second claim of one domain by the same tenant (CONFLICT)', async () => {
    const t = await tenantWithMembers(gw.current);
    const domain = `twice-${fresh()}.example.com`;
    await add(t, domain);
    expect(outcome(await graphql(gw.current, { host: t.host, as: t.admin, query: ADD, variables: { domain } }))).toBe('CONFLICT');
  });

  it('lets an unverified claim lapse: it cannot be verified any more and is dropped', async () => {
    const t = await tenantWithMembers(gw.current);
    const stale = await add(t, `stale-${fresh()}.example.com`);
    await control().tenantDomain.update({ where: { id: stale.id }, data: { insertedAt: new Date(Date.now() - 8 * 24 * 3_600_000) } });
    dns.zone.txt.set(stale.verificationRecord, [[stale.verificationToken]]);
    const verify = await run(t, VERIFY, stale.id);
    expect(outcome(verify)).toBe('BAD_USER_INPUT');
    expect(verify.errors![0]!.message).toMatch(/lapsed/);
    expect(await control().tenantDomain.findUnique({ where: { id: stale.id } })).toBeNull();
  });

  it('caps the domains a tenant holds (MAX_DOMAINS_PER_TENANT, 20 by default): one more is LIMIT_EXCEEDED', async () => {
    const t = await tenantWithMembers(gw.current);
    await control().tenantDomain.createMany({ data: Array.from({ length: 20 }, (_, i) => ({ tenantId: t.tenant.id, domain: `cap${i}-${fresh()}.example.com` })) });
    const result = await graphql(gw.current, { host: t.host, as: t.admin, query: ADD, variables: { domain: `over-${fresh()}.example.com` } });
    expect(outcome(result)).toBe('LIMIT_EXCEEDED');
    expect(await control().tenantDomain.count({ where: { tenantId: t.tenant.id } })).toBe(20);
  });

  it('draws verification tokens from a CSPRNG: 256 bits, never an md5 of random()', async () => {
    const t = await tenantWithMembers(gw.current);
    const a = await add(t, `tok-${fresh()}.example.com`);
    expect(a.verificationToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await gw.current.db.pool.query(`SELECT column_default FROM information_schema.columns WHERE table_name = 'tenant_domains' AND column_name = 'verification_token'`);
    expect(rows[0].column_default).not.toMatch(/md5|random\(\)/);
  });
});
