// tenants.domain follows the verified primary domain, and a tenant has at most one primary.
import { describe, expect, it } from 'vitest';
import { execute, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { ADD, REMOVE, SET_PRIMARY, VERIFY, fresh, useDomainsGateway } from './domains-api.js';

const { gw, dns, control, add, addVerified, run, domainsOf, servedAt } = useDomainsGateway();

describe('the primary domain', () => {
  it('is mirrored in Tenant.domain only while it is verified, follows a switch, and clears when removed', async () => {
    const t = await tenantWithMembers(gw.current);
    const first = await add(t, `first-${fresh()}.example.com`, true);
    expect((await domainsOf(t)).domain).toBeNull();

    dns.current.zone.txt.set(first.verificationRecord, [[first.verificationToken]]);
    await run(t, VERIFY, first.id);
    expect((await domainsOf(t)).domain).toBe(first.domain);

    const second = await addVerified(t, `second-${fresh()}.example.com`);
    expect((await domainsOf(t)).domain).toBe(first.domain);
    const switched = await run(t, SET_PRIMARY, second.id);
    expectNoErrors(switched);
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
      Array.from({ length: 4 }, (_, i) => execute(gw.current, ADD, { host: t.host, as: t.admin, variables: { domain: `a${i}-${fresh()}.example.com`, primary: true } })),
    );
    expect(concurrentAdds.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(await control().tenantDomain.count({ where: { tenantId: t.tenant.id, primary: true } })).toBe(1);
  });
});
