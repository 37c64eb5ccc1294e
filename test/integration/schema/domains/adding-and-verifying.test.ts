// Custom domains are stored in canonical form, unique across tenants, and verified by a DNS TXT record
// served by a real DNS server on 127.0.0.1 (issue 5 §3).
import { describe, expect, it } from 'vitest';
import { execute, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { ADD, VERIFY, fresh, useDomainsGateway } from './domains-api.js';

const { gw, dns, control, add, addVerified, run } = useDomainsGateway();

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
      const result = await execute(gw.current, ADD, { host: b.host, as: b.admin, variables: { domain: spelling } });
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
      const result = await execute(gw.current, ADD, { host: t.host, as: t.admin, variables: { domain } });
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
    dns.current.zone.txt.set(added.verificationRecord, [['v=spf1 -all'], [added.verificationToken]]);
    const before = Date.now();
    const result = await run(t, VERIFY, added.id);
    expectNoErrors(result);
    expect(result.data.verifyTenantDomain.domain).toBe(added.domain);
    const verifiedAt = Date.parse(result.data.verifyTenantDomain.verifiedAt!);
    expect(verifiedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(verifiedAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('leaves a domain unverified and says why when the record holds another value or does not exist', async () => {
    const t = await tenantWithMembers(gw.current);
    const wrong = await add(t, `wrong-${fresh()}.example.com`);
    dns.current.zone.txt.set(wrong.verificationRecord, [['someone-elses-token']]);
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
