// Claims on a domain cannot squat it: verification wins, unverified claims lapse, a tenant's domains are capped.
import { describe, expect } from 'vitest';
import { execute, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { ADD, VERIFY, fresh, test } from './domains-api.js';

describe('domain claims cannot squat', () => {
  test("lets the domain's owner claim and verify a domain another tenant claimed unverified; verification wins and drops the other claim", async ({
    gw,
    tenant: squatter,
    domains,
  }) => {
    const owner = await tenantWithMembers(gw);
    const domain = `brand-${fresh()}.example.com`;
    const squat = await domains.add(squatter, domain);
    await domains.addVerified(owner, domain);
    expect(await domains.servedAt(domain)).toBe(owner.tenant.slug);
    expect(await domains.control().tenantDomain.findUnique({ where: { id: squat.id } })).toBeNull();
    // the squatter cannot claim it again while it is verified elsewhere
    const again = await execute(gw, ADD, { host: squatter.host, as: squatter.admin, variables: { domain } });
    expect(outcome(again)).toBe('CONFLICT');
  });

  test('refuses a second claim of one domain by the same tenant (CONFLICT)', async ({ gw, tenant: t, domains }) => {
    const domain = `twice-${fresh()}.example.com`;
    await domains.add(t, domain);
    expect(outcome(await execute(gw, ADD, { host: t.host, as: t.admin, variables: { domain } }))).toBe('CONFLICT');
  });

  test('lets an unverified claim lapse: it cannot be verified any more and is dropped', async ({
    tenant: t,
    domains,
    dns,
  }) => {
    const stale = await domains.add(t, `stale-${fresh()}.example.com`);
    await domains.control().tenantDomain.update({
      where: { id: stale.id },
      data: { insertedAt: new Date(Date.now() - 8 * 24 * 3_600_000) },
    });
    dns.zone.txt.set(stale.verificationRecord, [[stale.verificationToken]]);
    const verify = await domains.run(t, VERIFY, stale.id);
    expect(outcome(verify)).toBe('BAD_USER_INPUT');
    expect(verify.errors![0]!.message).toMatch(/lapsed/);
    expect(await domains.control().tenantDomain.findUnique({ where: { id: stale.id } })).toBeNull();
  });

  test('caps the domains a tenant holds (MAX_DOMAINS_PER_TENANT, 20 by default): one more is LIMIT_EXCEEDED', async ({
    gw,
    tenant: t,
    domains,
  }) => {
    await domains.control().tenantDomain.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        tenantId: t.tenant.id,
        domain: `cap${i}-${fresh()}.example.com`,
      })),
    });
    const result = await execute(gw, ADD, {
      host: t.host,
      as: t.admin,
      variables: { domain: `over-${fresh()}.example.com` },
    });
    expect(outcome(result)).toBe('LIMIT_EXCEEDED');
    expect(await domains.control().tenantDomain.count({ where: { tenantId: t.tenant.id } })).toBe(20);
  });

  test('draws verification tokens from a CSPRNG: 256 bits, never an md5 of random()', async ({
    gw,
    tenant: t,
    domains,
  }) => {
    const a = await domains.add(t, `tok-${fresh()}.example.com`);
    expect(a.verificationToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await gw.db.pool.query(
      `SELECT column_default FROM information_schema.columns WHERE table_name = 'tenant_domains' AND column_name = 'verification_token'`,
    );
    expect(rows[0].column_default).not.toMatch(/md5|random\(\)/);
  });
});
