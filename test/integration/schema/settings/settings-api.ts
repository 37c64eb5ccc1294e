// The setting mutations and reads the settings tests share, bound to the file's gateway (or another on its
// database): the `settings` fixture.
import { randomBytes } from 'node:crypto';
import { execute, expectNoErrors, type Identity, tenantWithMembers } from '../../../helpers/api.js';
import { test as base } from '../../../helpers/fixtures.js';
import type { TestGateway } from '../../../helpers/gateway.js';
import { gql } from '../../../gql/index.js';
import type { SetTenantSettingInput } from '../../../gql/graphql.js';

export type World = Awaited<ReturnType<typeof tenantWithMembers>>;
export const fresh = () => randomBytes(4).toString('hex');

export const SET = gql(`
  mutation SetTenantSetting($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { id category key value type encrypted } }
`);
export const LIST = gql(`
  query TenantSettings { tenantSettings { id category key value type encrypted } }
`);

export function settingsApi(gw: TestGateway) {
  const control = () => gw.services.clients.control();
  const set = (t: World, input: SetTenantSettingInput, on: TestGateway = gw) =>
    execute(on, SET, { host: t.host, as: t.admin, variables: { input } });
  const list = async (t: World, as: Identity = t.admin, on: TestGateway = gw) => {
    const result = await execute(on, LIST, { host: t.host, as });
    expectNoErrors(result);
    return result.data.tenantSettings;
  };
  const valueOf = async (t: World, key: string, on: TestGateway = gw) =>
    (await list(t, t.admin, on)).find((s) => s.key === key)?.value;

  /** What the database holds for a setting: the text of tenant_settings.value. */
  async function storedValue(tenantId: string, key: string): Promise<string> {
    const { rows } = await gw.db.pool.query<{ value: string }>(
      'SELECT value FROM tenant_settings WHERE tenant_id = $1 AND key = $2',
      [tenantId, key],
    );
    return rows[0]!.value;
  }

  return { control, set, list, valueOf, storedValue };
}

export const test = base.extend('settings', async ({ gw }) => settingsApi(gw));
