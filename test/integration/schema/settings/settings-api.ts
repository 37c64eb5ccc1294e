// The setting mutations and reads the settings tests share, bound to a file's gateway (or another on its database).
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { graphql, tenantWithMembers, type Identity } from '../../../helpers/api.js';
import type { TestGateway } from '../../../helpers/gateway.js';

export type World = Awaited<ReturnType<typeof tenantWithMembers>>;
export const fresh = () => randomBytes(4).toString('hex');

export const SET = `mutation($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { id category key value type encrypted } }`;
export const LIST = '{ tenantSettings { id category key value type encrypted } }';

export function settingsApi(gw: { current: TestGateway }) {
  const control = () => gw.current.services.clients.control();
  const set = (t: World, input: Record<string, unknown>, on: TestGateway = gw.current) =>
    graphql(on, { host: t.host, as: t.admin, query: SET, variables: { input } });
  const list = async (t: World, as: Identity = t.admin, on: TestGateway = gw.current) => {
    const result = await graphql(on, { host: t.host, as, query: LIST });
    expect(result.errors).toBeUndefined();
    return result.data.tenantSettings as { id: string; category: string; key: string; value: unknown; type: string; encrypted: boolean }[];
  };
  const valueOf = async (t: World, key: string, on: TestGateway = gw.current) => (await list(t, t.admin, on)).find((s) => s.key === key)?.value;

  /** What the database holds for a setting: the text of tenant_settings.value. */
  async function storedValue(tenantId: string, key: string): Promise<string> {
    const { rows } = await gw.current.db.pool.query<{ value: string }>('SELECT value FROM tenant_settings WHERE tenant_id = $1 AND key = $2', [tenantId, key]);
    return rows[0]!.value;
  }

  return { control, set, list, valueOf, storedValue };
}
