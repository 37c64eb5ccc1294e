// currentTenant answers from the tenant the door already holds: no tenant query, relations read only
// when asked, usage read fresh (metering rewrites it without a notification), and a change made
// through the API is visible at once (the ChangeBus refreshes the door's cache).
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dataOf, execute, expectNoErrors, tenantWithMembers } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';
import { addDomain } from '../../helpers/tenant-rows.js';
import { gql } from '../../gql/index.js';

const gw = useTestGateway();
afterEach(() => vi.restoreAllMocks());

const WARM_THE_DOOR = gql(`query WarmTheDoor { currentTenant { id } }`);

/** SQL texts sent to Postgres while fn runs. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  await fn();
  const texts = spy.mock.calls.map(([q]) => (typeof q === 'string' ? q : (q as { text: string }).text));
  spy.mockRestore();
  return texts;
}
const readsTenants = (texts: string[]) => texts.filter((sql) => /FROM "public"\."tenants"(?!_)|FROM public\.tenants\b/.test(sql));

describe('currentTenant', () => {
  it('costs no tenant query once the door has the host, and reads a relation only when it is asked for', async () => {
    const t = await tenantWithMembers(gw.current);
    await execute(gw.current, WARM_THE_DOOR, { host: t.host, as: t.viewer }); // the door caches the host
    const plain = await statementsDuring(async () => {
      const res = await execute(gw.current, gql(`query TenantWithoutRelations { currentTenant { id name slug status limits { users } } }`), { host: t.host, as: t.viewer });
      expectNoErrors(res);
      expect(res.data.currentTenant).toMatchObject({ id: t.tenant.id, slug: t.tenant.slug, status: 'ACTIVE' });
    });
    expect(readsTenants(plain)).toEqual([]);
    expect(plain.filter((sql) => sql.includes('"tenant_domains"'))).toEqual([]);

    await addDomain(gw.current.db.pool, t.tenant.id, `shop.${t.tenant.slug}.test`);
    const withDomains = await statementsDuring(async () => {
      const res = await execute(gw.current, gql(`query TenantDomainsOnly { currentTenant { id domains { domain primary } } }`), { host: t.host, as: t.viewer });
      expectNoErrors(res);
      expect(res.data.currentTenant!.domains).toEqual([{ domain: `shop.${t.tenant.slug}.test`, primary: false }]);
    });
    expect(readsTenants(withDomains)).toEqual([]);
    expect(withDomains.filter((sql) => sql.includes('"tenant_domains"'))).toHaveLength(1);
  });

  it('reads usage fresh, although metering changes it without telling the door', async () => {
    const t = await tenantWithMembers(gw.current);
    await execute(gw.current, WARM_THE_DOOR, { host: t.host, as: t.viewer });
    await gw.current.db.pool.query(`UPDATE tenants SET usage = jsonb_set(usage, '{users}', '42') WHERE id = $1`, [t.tenant.id]);
    const res = await execute(gw.current, gql(`query TenantUsage { currentTenant { usage { users } userUsagePercent } }`), { host: t.host, as: t.viewer });
    expectNoErrors(res);
    expect(res.data.currentTenant).toEqual({ usage: { users: 42 }, userUsagePercent: 42 });
  });

  it('shows a change made through the API on the very next request', async () => {
    const t = await tenantWithMembers(gw.current);
    const name = async () => dataOf(await execute(gw.current, gql(`query TenantName { currentTenant { name } }`), { host: t.host, as: t.owner })).currentTenant?.name;
    expect(await name()).toBe(`Tenant ${t.tenant.slug}`);
    const renamed = await execute(gw.current, gql(`mutation RenameToRenamed($id: ID!) { updateTenant(id: $id, input: { name: "Renamed" }) { name } }`), {
      host: t.host,
      as: t.owner,
      variables: { id: t.tenant.id },
    });
    expectNoErrors(renamed);
    expect(await name()).toBe('Renamed');
  });
});
