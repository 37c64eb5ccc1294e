// Settings over the API (issue 5 §5): values typed and validated, grouped by category, public branding, deleted on request.
import { describe, expect, it } from 'vitest';
import { dataOf, execute, expectNoErrors, type Identity, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { useTestGateway } from '../../../helpers/gateway.js';
import { settingsApi } from './settings-api.js';
import { gql } from '../../../gql/index.js';

const gw = useTestGateway();
const { control, set, list, valueOf, storedValue } = settingsApi(gw);

describe('setTenantSetting', () => {
  it.each([
    ['INTEGER', '42'],
    ['INTEGER', 1.5],
    ['INTEGER', 2 ** 60],
    ['BOOLEAN', 'yes'],
    ['BOOLEAN', 1],
    ['STRING', 42],
    ['STRING', { text: 'x' }],
  ] as const)('refuses a %s setting with the value %j (BAD_USER_INPUT on `value`), writing nothing', async (type, value) => {
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
    expectNoErrors(replaced);
    expect(replaced.data.setTenantSetting).toMatchObject({ value: 'sk_live_new', encrypted: true });
    expect(await storedValue(t.tenant.id, 'stripeKey')).toMatch(/^v1:/);
    expect((await list(t, t.viewer)).find((s) => s.key === 'stripeKey')).toMatchObject({ value: null, encrypted: true });
    expect(outcome(await set(t, { category: 'GENERAL', key: 'seats', value: '11' }))).toBe('BAD_USER_INPUT');
    // saying so changes them
    expect(dataOf(await set(t, { category: 'BILLING', key: 'stripeKey', value: 'public now', encrypted: false })).setTenantSetting.encrypted).toBe(false);
    expect(dataOf(await set(t, { category: 'GENERAL', key: 'seats', type: 'STRING', value: 'many' })).setTenantSetting.type).toBe('STRING');
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
      expectNoErrors(result, key);
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
    const grouped = async (as: Identity) =>
      dataOf(await execute(gw.current, gql(`query SettingsByCategory { settingsByCategory }`), { host: t.host, as })).settingsByCategory as Record<string, unknown>;
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
      const result = await execute(gw.current, gql(`query PublicBranding { currentTenant { id name slug branding } }`), { host: t.host, as });
      expectNoErrors(result);
      expect(result.data.currentTenant!.branding).toEqual({ primaryColor: '#0af', logo: { url: 'https://cdn.example/logo.svg', width: 120 } });
      expect(JSON.stringify(result)).not.toContain('font-secret-1');
    }
  });
});

describe('deleteTenantSetting', () => {
  it('answers true when it deleted the setting and false when there was none', async () => {
    const t = await tenantWithMembers(gw.current);
    await set(t, { category: 'NOTIFICATIONS', key: 'digest', value: true });
    const del = () => execute(gw.current, gql(`mutation ValuesDeleteTenantSetting { deleteTenantSetting(category: NOTIFICATIONS, key: "digest") }`), { host: t.host, as: t.admin });
    expect((await del()).data).toEqual({ deleteTenantSetting: true });
    expect(await control().tenantSetting.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect((await del()).data).toEqual({ deleteTenantSetting: false });
  });
});
