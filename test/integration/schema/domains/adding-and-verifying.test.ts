// Custom domains are stored in canonical form, unique across tenants, and verified by a DNS TXT record
// served by a real DNS server on 127.0.0.1 (issue 5 §3).
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { ADD, VERIFY, fresh, test } from './domains-api.js';

describe('addTenantDomain', () => {
  test('stores the domain lower-cased, without a trailing dot, IDNs as punycode, with a verification token', async ({
    tenant: t,
    domains,
  }) => {
    const id = fresh();
    const plain = await domains.add(t, `Shop-${id}.Example.COM.`);
    expect(plain).toMatchObject({ domain: `shop-${id}.example.com`, primary: false, verifiedAt: null });
    expect(plain.verificationToken).toMatch(/^\S{16,}$/);
    expect(plain.verificationRecord).toBe(`_tenant-verification.shop-${id}.example.com`);

    const idn = await domains.add(t, `BÜCHER-${id}.example.`);
    expect(idn.domain).toBe(new URL(`http://bücher-${id}.example`).hostname);
    expect(idn.domain).toMatch(/^xn--/);
    expect(idn.verificationToken).not.toBe(plain.verificationToken);

    const stored = await domains
      .control()
      .tenantDomain.findMany({ where: { tenantId: t.tenant.id }, orderBy: { domain: 'asc' } });
    expect(stored.map((d) => d.domain).sort()).toEqual([idn.domain, plain.domain].sort());
  });

  test('refuses a domain another tenant has verified, however it is spelled (CONFLICT), and adds nothing', async ({
    gw,
    tenant: a,
    domains,
  }) => {
    const b = await tenantWithMembers(gw);
    const domain = `taken-${fresh()}.example.com`;
    await domains.addVerified(a, domain);
    for (const spelling of [domain, domain.toUpperCase(), `${domain}.`]) {
      const result = await execute(gw, ADD, { host: b.host, as: b.admin, variables: { domain: spelling } });
      expect(outcome(result)).toBe('CONFLICT');
      expect(result.errors![0]!.message).toContain(domain);
      expect(result.errors![0]!.extensions!.field).toBe('domain');
    }
    expect(await domains.control().tenantDomain.count({ where: { tenantId: b.tenant.id } })).toBe(0);
  });

  test('refuses IP addresses, names under BASE_DOMAIN, single labels and URLs with BAD_USER_INPUT on `domain`, writing nothing', async ({
    gw,
    tenant: t,
    domains,
  }) => {
    const auditBefore = await gw.services.clients.forSchema(t.tenant.schemaName).auditLog.count();
    for (const domain of [
      '192.168.1.10',
      '[::1]',
      '10.0.0.1.',
      'localhost',
      'other.localhost',
      `x.${t.tenant.slug}.localhost`,
      'intranet',
      'https://shop.example.com/',
      'shop..example.com',
      '',
    ]) {
      const result = await execute(gw, ADD, { host: t.host, as: t.admin, variables: { domain } });
      expect(outcome(result), domain).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field, domain).toBe('domain');
    }
    expect(await domains.control().tenantDomain.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect(await gw.services.clients.forSchema(t.tenant.schemaName).auditLog.count()).toBe(auditBefore);
  });
});

describe('verifyTenantDomain (TXT _tenant-verification.<domain> on a DNS server at 127.0.0.1)', () => {
  test('verifies a domain whose TXT record holds its token', async ({ tenant: t, domains, dns }) => {
    const added = await domains.add(t, `ok-${fresh()}.example.com`);
    dns.zone.txt.set(added.verificationRecord, [['v=spf1 -all'], [added.verificationToken]]);
    const before = Date.now();
    const result = await domains.run(t, VERIFY, added.id);
    expectNoErrors(result);
    expect(result.data.verifyTenantDomain.domain).toBe(added.domain);
    const verifiedAt = Date.parse(result.data.verifyTenantDomain.verifiedAt!);
    expect(verifiedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(verifiedAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  test('leaves a domain unverified and says why when the record holds another value or does not exist', async ({
    tenant: t,
    domains,
    dns,
  }) => {
    const wrong = await domains.add(t, `wrong-${fresh()}.example.com`);
    dns.zone.txt.set(wrong.verificationRecord, [['someone-elses-token']]);
    const missing = await domains.add(t, `missing-${fresh()}.example.com`);

    const mismatch = await domains.run(t, VERIFY, wrong.id);
    expect(outcome(mismatch)).toBe('BAD_USER_INPUT');
    expect(mismatch.errors![0]!.message).toContain('none equals the verification token');
    const absent = await domains.run(t, VERIFY, missing.id);
    expect(outcome(absent)).toBe('BAD_USER_INPUT');
    expect(absent.errors![0]!.message).toContain(`${missing.verificationRecord} does not exist`);

    const rows = await domains.control().tenantDomain.findMany({ where: { tenantId: t.tenant.id } });
    expect(rows.map((r) => r.verifiedAt)).toEqual([null, null]);
  });
});
