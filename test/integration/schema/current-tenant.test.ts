// currentTenant answers from the tenant the door already holds: no tenant query, relations read only
// when asked, usage read fresh (metering rewrites it without a notification), and a change made
// through the API is visible at once (the ChangeBus refreshes the door's cache).
import pg from 'pg';
import { afterEach, describe, expect, vi } from 'vitest';
import { dataOf, execute, expectNoErrors } from '../../helpers/api.js';
import { addDomain } from '../../helpers/tenant-rows.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';

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
const readsTenants = (texts: string[]) =>
  texts.filter((sql) => /FROM "public"\."tenants"(?!_)|FROM public\.tenants\b/.test(sql));

describe('currentTenant', () => {
  test('costs no tenant query once the door has the host, and reads a relation only when it is asked for', async ({
    gw,
    tenant: t,
  }) => {
    await execute(gw, WARM_THE_DOOR, { host: t.host, as: t.viewer }); // the door caches the host
    const plain = await statementsDuring(async () => {
      const res = await execute(
        gw,
        gql(`query TenantWithoutRelations { currentTenant { id name slug status limits { users } } }`),
        { host: t.host, as: t.viewer },
      );
      expectNoErrors(res);
      expect(res.data.currentTenant).toMatchObject({ id: t.tenant.id, slug: t.tenant.slug, status: 'ACTIVE' });
    });
    expect(readsTenants(plain)).toEqual([]);
    expect(plain.filter((sql) => sql.includes('"tenant_domains"'))).toEqual([]);

    await addDomain(gw.db.pool, t.tenant.id, `shop.${t.tenant.slug}.test`);
    const withDomains = await statementsDuring(async () => {
      const res = await execute(
        gw,
        gql(`query TenantDomainsOnly { currentTenant { id domains { domain primary } } }`),
        { host: t.host, as: t.viewer },
      );
      expectNoErrors(res);
      expect(res.data.currentTenant!.domains).toEqual([{ domain: `shop.${t.tenant.slug}.test`, primary: false }]);
    });
    expect(readsTenants(withDomains)).toEqual([]);
    expect(withDomains.filter((sql) => sql.includes('"tenant_domains"'))).toHaveLength(1);
  });

  test('reads usage fresh, although metering changes it without telling the door', async ({ gw, tenant: t }) => {
    await execute(gw, WARM_THE_DOOR, { host: t.host, as: t.viewer });
    await gw.db.pool.query(`UPDATE tenants SET usage = jsonb_set(usage, '{users}', '42') WHERE id = $1`, [t.tenant.id]);
    const res = await execute(gw, gql(`query TenantUsage { currentTenant { usage { users } userUsagePercent } }`), {
      host: t.host,
      as: t.viewer,
    });
    expectNoErrors(res);
    expect(res.data.currentTenant).toEqual({ usage: { users: 42 }, userUsagePercent: 42 });
  });

  test('shows a change made through the API on the very next request', async ({ gw, tenant: t }) => {
    const name = async () =>
      dataOf(await execute(gw, gql(`query TenantName { currentTenant { name } }`), { host: t.host, as: t.owner }))
        .currentTenant?.name;
    expect(await name()).toBe(`Tenant ${t.tenant.slug}`);
    const renamed = await execute(
      gw,
      gql(`mutation RenameToRenamed($id: ID!) { updateTenant(id: $id, input: { name: "Renamed" }) { name } }`),
      {
        host: t.host,
        as: t.owner,
        variables: { id: t.tenant.id },
      },
    );
    expectNoErrors(renamed);
    expect(await name()).toBe('Renamed');
  });
});
