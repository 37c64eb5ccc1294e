// tenants.domain follows the verified primary domain, and a tenant has at most one primary.
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, outcome } from '../../../helpers/api.js';
import { ADD, REMOVE, SET_PRIMARY, VERIFY, fresh, test } from './domains-api.js';

describe('the primary domain', () => {
  test('is mirrored in Tenant.domain only while it is verified, follows a switch, and clears when removed', async ({
    tenant: t,
    domains,
    dns,
  }) => {
    const first = await domains.add(t, `first-${fresh()}.example.com`, true);
    expect((await domains.domainsOf(t)).domain).toBeNull();

    dns.zone.txt.set(first.verificationRecord, [[first.verificationToken]]);
    await domains.run(t, VERIFY, first.id);
    expect((await domains.domainsOf(t)).domain).toBe(first.domain);

    const second = await domains.addVerified(t, `second-${fresh()}.example.com`);
    expect((await domains.domainsOf(t)).domain).toBe(first.domain);
    const switched = await domains.run(t, SET_PRIMARY, second.id);
    expectNoErrors(switched);
    expect(switched.data.setPrimaryDomain).toEqual({ id: second.id, domain: second.domain, primary: true });
    const afterSwitch = await domains.domainsOf(t);
    expect(afterSwitch.domain).toBe(second.domain);
    expect(afterSwitch.domains.filter((d) => d.primary).map((d) => d.domain)).toEqual([second.domain]);

    const unverified = await domains.add(t, `third-${fresh()}.example.com`);
    await domains.run(t, SET_PRIMARY, unverified.id);
    expect((await domains.domainsOf(t)).domain).toBeNull();

    await domains.run(t, SET_PRIMARY, second.id);
    expect((await domains.domainsOf(t)).domain).toBe(second.domain);
    await domains.run(t, REMOVE, second.id);
    const afterRemove = await domains.domainsOf(t);
    expect(afterRemove.domain).toBeNull();
    expect(afterRemove.domains.some((d) => d.primary)).toBe(false);
    // both remaining domains still exist; the verified one keeps routing, as a non-primary domain
    expect(await domains.servedAt(first.domain)).toBe(t.tenant.slug);
  });

  test('is at most one per tenant, however domains are added or switched, even concurrently', async ({
    gw,
    tenant: t,
    domains,
  }) => {
    await domains.add(t, `p1-${fresh()}.example.com`, true);
    const p2 = await domains.add(t, `p2-${fresh()}.example.com`, true);
    expect((await domains.domainsOf(t)).domains.filter((d) => d.primary).map((d) => d.domain)).toEqual([p2.domain]);

    const others = await Promise.all(
      Array.from({ length: 4 }, (_, i) => domains.add(t, `c${i}-${fresh()}.example.com`)),
    );
    const results = await Promise.all(others.map((d) => domains.run(t, SET_PRIMARY, d.id)));
    expect(results.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    const primaries = await domains
      .control()
      .tenantDomain.findMany({ where: { tenantId: t.tenant.id, primary: true } });
    expect(primaries).toHaveLength(1);

    const concurrentAdds = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        execute(gw, ADD, {
          host: t.host,
          as: t.admin,
          variables: { domain: `a${i}-${fresh()}.example.com`, primary: true },
        }),
      ),
    );
    expect(concurrentAdds.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(await domains.control().tenantDomain.count({ where: { tenantId: t.tenant.id, primary: true } })).toBe(1);
  });
});
