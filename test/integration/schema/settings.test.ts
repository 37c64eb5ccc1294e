// Settings over the API (issue 5 §5): values typed and validated, grouped by category, public
// branding, and encrypted values that only exist as ciphertext in the database, bound to their tenant,
// category and key, readable across a key rotation and moved to the newest key by reencryptSettings.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { createServices, type Services } from '../../../src/services.js';
import { reencryptSettings } from '../../../src/control-plane/settings-reencrypt.js';
import { createGateway } from '../../../src/yoga.js';
import { graphql, outcome, tenantWithMembers, type Identity } from '../../helpers/api.js';
import { TEST_ENCRYPTION_KEYS, testConfig } from '../../helpers/database.js';
import { useTestGateway, type TestGateway } from '../../helpers/gateway.js';

const gw = useTestGateway();
type World = Awaited<ReturnType<typeof tenantWithMembers>>;
const fresh = () => randomBytes(4).toString('hex');
const control = () => gw.current.services.clients.control();

const SET = `mutation($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { id category key value type encrypted } }`;
const LIST = '{ tenantSettings { id category key value type encrypted } }';

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

// Gateways on the same database with other SETTINGS_ENCRYPTION_KEYS (another replica, or after a rotation).
const extraServices: Services[] = [];
function gatewayWithKeys(keys: string): TestGateway {
  const config = testConfig({ SETTINGS_ENCRYPTION_KEYS: keys }, gw.current.db.url);
  const services = createServices(config, gw.current.db, createLogger(config));
  extraServices.push(services);
  return { db: gw.current.db, services, yoga: createGateway(services) };
}
afterAll(async () => {
  await Promise.all(extraServices.map((s) => s.clients.close()));
});
const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('setTenantSetting', () => {
  it.each([
    ['INTEGER', '42'],
    ['INTEGER', 1.5],
    ['INTEGER', 2 ** 60],
    ['BOOLEAN', 'yes'],
    ['BOOLEAN', 1],
    ['STRING', 42],
    ['STRING', { text: 'x' }],
  ])('refuses a %s setting with the value %j (BAD_USER_INPUT on `value`), writing nothing', async (type, value) => {
    const t = await tenantWithMembers(gw.current);
    const result = await set(t, { category: 'GENERAL', key: 'limit', type, value });
    expect(outcome(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('value');
    expect(result.errors![0]!.message).toContain(type.toLowerCase());
    expect(await control().tenantSetting.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect(await gw.current.services.clients.forSchema(t.tenant.schemaName).auditLog.count({ where: { action: 'setting.set' } })).toBe(0);
  });

  it('keeps the previous value when a replacement does not match the type', async () => {
    const t = await tenantWithMembers(gw.current);
    expect(outcome(await set(t, { category: 'SECURITY', key: 'sessionMinutes', type: 'INTEGER', value: 30 }))).toBe('OK');
    expect(outcome(await set(t, { category: 'SECURITY', key: 'sessionMinutes', type: 'INTEGER', value: '60' }))).toBe('BAD_USER_INPUT');
    expect(await valueOf(t, 'sessionMinutes')).toBe(30);
  });

  it('keeps an encrypted setting encrypted, and its type, when a replacement does not say otherwise', async () => {
    const t = await tenantWithMembers(gw.current);
    await set(t, { category: 'BILLING', key: 'stripeKey', value: 'sk_live_old', encrypted: true });
    await set(t, { category: 'GENERAL', key: 'seats', type: 'INTEGER', value: 10 });
    const replaced = await set(t, { category: 'BILLING', key: 'stripeKey', value: 'sk_live_new' });
    expect(replaced.data.setTenantSetting).toMatchObject({ value: 'sk_live_new', encrypted: true });
    expect(await storedValue(t.tenant.id, 'stripeKey')).toMatch(/^v1:/);
    expect((await list(t, t.viewer)).find((s) => s.key === 'stripeKey')).toMatchObject({ value: null, encrypted: true });
    expect(outcome(await set(t, { category: 'GENERAL', key: 'seats', value: '11' }))).toBe('BAD_USER_INPUT');
    // saying so changes them
    expect((await set(t, { category: 'BILLING', key: 'stripeKey', value: 'public now', encrypted: false })).data.setTenantSetting.encrypted).toBe(false);
    expect((await set(t, { category: 'GENERAL', key: 'seats', type: 'STRING', value: 'many' })).data.setTenantSetting.type).toBe('STRING');
  });

  it('creates one row when the same new setting is set several times at once', async () => {
    const t = await tenantWithMembers(gw.current);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => set(t, { category: 'GENERAL', key: 'raced', value: n, encrypted: n % 2 === 0 })));
    expect(results.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(await control().tenantSetting.count({ where: { tenantId: t.tenant.id, key: 'raced' } })).toBe(1);
    expect([1, 2, 3, 4, 5]).toContain(await valueOf(t, 'raced'));
  });

  it('infers the type from the value when none is given, and reads each value back as it was sent', async () => {
    const t = await tenantWithMembers(gw.current);
    const cases = [
      ['name', 'Acme', 'STRING'],
      ['seats', 12, 'INTEGER'],
      ['enabled', false, 'BOOLEAN'],
      ['theme', { colors: ['#fff', '#000'], dark: true }, 'JSON'],
      ['ratio', 1.5, 'JSON'],
      ['tags', ['a', 'b'], 'JSON'],
    ] as const;
    for (const [key, value, type] of cases) {
      const result = await set(t, { category: 'GENERAL', key, value });
      expect(result.errors, key).toBeUndefined();
      expect(result.data.setTenantSetting).toMatchObject({ key, value, type, encrypted: false });
    }
    const read = Object.fromEntries((await list(t, t.viewer)).map((s) => [s.key, [s.value, s.type]]));
    expect(read).toEqual(Object.fromEntries(cases.map(([key, value, type]) => [key, [value, type]])));
  });
});

describe('settingsByCategory', () => {
  it('groups every category as { category: { key: value } }, empty ones included, encrypted values for admins only', async () => {
    const t = await tenantWithMembers(gw.current);
    await set(t, { category: 'GENERAL', key: 'locale', value: 'fr-FR' });
    await set(t, { category: 'GENERAL', key: 'seats', value: 5 });
    await set(t, { category: 'BILLING', key: 'stripeKey', value: 'sk_live_123', encrypted: true });
    const grouped = async (as: Identity) => (await graphql(gw.current, { host: t.host, as, query: '{ settingsByCategory }' })).data.settingsByCategory;
    expect(await grouped(t.admin)).toEqual({
      general: { locale: 'fr-FR', seats: 5 },
      security: {},
      billing: { stripeKey: 'sk_live_123' },
      notifications: {},
      branding: {},
    });
    expect((await grouped(t.viewer)).billing).toEqual({ stripeKey: null });
  });
});

describe('branding', () => {
  it('is public on the tenant host and never carries an encrypted branding value', async () => {
    const t = await tenantWithMembers(gw.current);
    await set(t, { category: 'BRANDING', key: 'primaryColor', value: '#0af' });
    await set(t, { category: 'BRANDING', key: 'logo', value: { url: 'https://cdn.example/logo.svg', width: 120 } });
    await set(t, { category: 'BRANDING', key: 'fontLicenseKey', value: 'font-secret-1', encrypted: true });
    await set(t, { category: 'GENERAL', key: 'internal', value: 'not branding' });
    for (const as of [null, t.viewer, t.owner]) {
      const result = await graphql(gw.current, { host: t.host, as, query: '{ currentTenant { id name slug branding } }' });
      expect(result.errors).toBeUndefined();
      expect(result.data.currentTenant.branding).toEqual({ primaryColor: '#0af', logo: { url: 'https://cdn.example/logo.svg', width: 120 } });
      expect(JSON.stringify(result)).not.toContain('font-secret-1');
    }
  });
});

describe('deleteTenantSetting', () => {
  it('answers true when it deleted the setting and false when there was none', async () => {
    const t = await tenantWithMembers(gw.current);
    await set(t, { category: 'NOTIFICATIONS', key: 'digest', value: true });
    const del = () => graphql(gw.current, { host: t.host, as: t.admin, query: 'mutation { deleteTenantSetting(category: NOTIFICATIONS, key: "digest") }' });
    expect((await del()).data).toEqual({ deleteTenantSetting: true });
    expect(await control().tenantSetting.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect((await del()).data).toEqual({ deleteTenantSetting: false });
  });
});

describe('encrypted settings', () => {
  it('reach the database only as v1 ciphertext under the newest key', async () => {
    const t = await tenantWithMembers(gw.current);
    const secret = `sk_live_${fresh()}`;
    await set(t, { category: 'BILLING', key: 'stripeKey', value: secret, encrypted: true });
    const stored = await storedValue(t.tenant.id, 'stripeKey');
    expect(stored).toMatch(/^v1:test1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
    // two encryptions of one value differ (fresh IV)
    await set(t, { category: 'BILLING', key: 'stripeKey', value: secret, encrypted: true });
    expect(await storedValue(t.tenant.id, 'stripeKey')).not.toBe(stored);
    expect(await valueOf(t, 'stripeKey')).toBe(secret);
    const audit = await gw.current.services.clients.forSchema(t.tenant.schemaName).auditLog.findMany({ where: { action: 'setting.set' } });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("do not decrypt when copied into another tenant's or another setting's row: the value reads null, the rest still reads, the failure is logged", async () => {
    const a = await tenantWithMembers(gw.current);
    const b = await tenantWithMembers(gw.current);
    const secret = `a-only-${fresh()}`;
    await set(a, { category: 'SECURITY', key: 'apiKey', value: secret, encrypted: true });
    await set(b, { category: 'SECURITY', key: 'apiKey', value: 'b-own-secret', encrypted: true });
    await set(b, { category: 'SECURITY', key: 'otherKey', value: 'b-other-secret', encrypted: true });
    await set(b, { category: 'GENERAL', key: 'visible', value: 'still here' });
    const ciphertext = await storedValue(a.tenant.id, 'apiKey');
    await gw.current.db.pool.query(`UPDATE tenant_settings SET value = $1 WHERE tenant_id = $2 AND key IN ('apiKey', 'otherKey')`, [ciphertext, b.tenant.id]);

    const logged = vi.spyOn(gw.current.services.logger, 'error');
    try {
      const result = await graphql(gw.current, { host: b.host, as: b.admin, query: `${LIST.slice(0, -1)} settingsByCategory }` });
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(JSON.stringify(result)).not.toContain(secret);
      const byKey = Object.fromEntries(result.data.tenantSettings.map((s: any) => [s.key, s]));
      expect(byKey.apiKey).toMatchObject({ value: null, encrypted: true });
      expect(byKey.otherKey).toMatchObject({ value: null, encrypted: true });
      expect(byKey.visible.value).toBe('still here');
      expect(result.data.settingsByCategory.security).toEqual({ apiKey: null, otherKey: null });
      const lines = logged.mock.calls.filter(([, msg]) => msg === 'encrypted setting cannot be decrypted');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines[0]![0]).toMatchObject({ tenantId: b.tenant.id, category: 'security', key: expect.stringMatching(/^(apiKey|otherKey)$/) });
      expect(JSON.stringify(logged.mock.calls)).not.toContain(secret);
    } finally {
      logged.mockRestore();
    }
    expect(await valueOf(a, 'apiKey')).toBe(secret);
  });

  it('do not decrypt under another key id: relabelled with a configured one, or on a server without the key', async () => {
    const t = await tenantWithMembers(gw.current);
    await set(t, { category: 'SECURITY', key: 'relabelled', value: 'secret-1', encrypted: true });
    await set(t, { category: 'SECURITY', key: 'unknownKey', value: 'secret-2', encrypted: true });
    const twoKeys = gatewayWithKeys(`${newKey('k2')},${TEST_ENCRYPTION_KEYS}`);
    const relabelled = (await storedValue(t.tenant.id, 'relabelled')).replace(/^v1:test1:/, 'v1:k2:');
    await gw.current.db.pool.query(`UPDATE tenant_settings SET value = $1 WHERE tenant_id = $2 AND key = 'relabelled'`, [relabelled, t.tenant.id]);
    expect(await valueOf(t, 'relabelled', twoKeys)).toBeNull();

    const otherKeysOnly = gatewayWithKeys(newKey('k9'));
    const read = await list(t, t.admin, otherKeysOnly);
    expect(read.find((s) => s.key === 'unknownKey')).toMatchObject({ value: null, encrypted: true });
    expect(JSON.stringify(read)).not.toContain('secret-2');
  });

  it('still read after a key rotation, and reencryptSettings moves them to the newest key', async () => {
    const t = await tenantWithMembers(gw.current);
    const values = { apiKey: `api-${fresh()}`, webhookSecret: `whsec-${fresh()}` };
    for (const [key, value] of Object.entries(values)) await set(t, { category: 'SECURITY', key, value, encrypted: true });
    await set(t, { category: 'SECURITY', key: 'plain', value: 'not encrypted' });
    const plainBefore = await storedValue(t.tenant.id, 'plain');

    const rotated = gatewayWithKeys(`${newKey('k2')},${TEST_ENCRYPTION_KEYS}`);
    expect(await valueOf(t, 'apiKey', rotated)).toBe(values.apiKey);
    // new writes use the newest key at once
    await set(t, { category: 'SECURITY', key: 'fresh', value: 'written-after-rotation', encrypted: true }, rotated);
    expect(await storedValue(t.tenant.id, 'fresh')).toMatch(/^v1:k2:/);

    const result = await reencryptSettings(gw.current.db.pool, rotated.services.cipher!);
    // (rows other tests broke on purpose fail; none of this tenant's)
    const ids = (await list(t, t.admin, rotated)).map((s) => s.id);
    expect(result.failed.filter((f) => ids.includes(f.id))).toEqual([]);
    expect(result.reencrypted).toBeGreaterThanOrEqual(2);
    for (const [key, value] of Object.entries(values)) {
      expect(await storedValue(t.tenant.id, key)).toMatch(/^v1:k2:/);
      expect(await valueOf(t, key, rotated)).toBe(value);
    }
    expect(await storedValue(t.tenant.id, 'plain')).toBe(plainBefore);
    // a server that only has the retired key can no longer read them
    expect(await valueOf(t, 'apiKey')).toBeNull();
  });
});
