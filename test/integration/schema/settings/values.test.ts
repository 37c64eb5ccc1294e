// Settings over the API (issue 5 §5): values typed and validated, grouped by category, public branding, deleted on request.
import { describe, expect } from 'vitest';
import { dataOf, execute, expectNoErrors, type Identity, outcome } from '../../../helpers/api.js';
import { test } from './settings-api.js';
import { gql } from '../../../gql/index.js';

describe('setTenantSetting', () => {
  test.for([
    ['INTEGER', '42'],
    ['INTEGER', 1.5],
    ['INTEGER', 2 ** 60],
    ['BOOLEAN', 'yes'],
    ['BOOLEAN', 1],
    ['STRING', 42],
    ['STRING', { text: 'x' }],
  ] as const)(
    'refuses a %s setting with the value %j (BAD_USER_INPUT on `value`), writing nothing',
    async ([type, value], { gw, tenant: t, settings }) => {
      const result = await settings.set(t, { category: 'GENERAL', key: 'limit', type, value });
      expect(outcome(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe('value');
      expect(result.errors![0]!.message).toContain(type.toLowerCase());
      expect(await settings.control().tenantSetting.count({ where: { tenantId: t.tenant.id } })).toBe(0);
      expect(
        await gw.services.clients.forSchema(t.tenant.schemaName).auditLog.count({ where: { action: 'setting.set' } }),
      ).toBe(0);
    },
  );

  test('keeps the previous value when a replacement does not match the type', async ({ tenant: t, settings }) => {
    expect(
      outcome(await settings.set(t, { category: 'SECURITY', key: 'sessionMinutes', type: 'INTEGER', value: 30 })),
    ).toBe('OK');
    expect(
      outcome(await settings.set(t, { category: 'SECURITY', key: 'sessionMinutes', type: 'INTEGER', value: '60' })),
    ).toBe('BAD_USER_INPUT');
    expect(await settings.valueOf(t, 'sessionMinutes')).toBe(30);
  });

  test('keeps an encrypted setting encrypted, and its type, when a replacement does not say otherwise', async ({
    tenant: t,
    settings,
  }) => {
    await settings.set(t, { category: 'BILLING', key: 'stripeKey', value: 'sk_live_old', encrypted: true });
    await settings.set(t, { category: 'GENERAL', key: 'seats', type: 'INTEGER', value: 10 });
    const replaced = await settings.set(t, { category: 'BILLING', key: 'stripeKey', value: 'sk_live_new' });
    expectNoErrors(replaced);
    expect(replaced.data.setTenantSetting).toMatchObject({ value: 'sk_live_new', encrypted: true });
    expect(await settings.storedValue(t.tenant.id, 'stripeKey')).toMatch(/^v1:/);
    expect((await settings.list(t, t.viewer)).find((s) => s.key === 'stripeKey')).toMatchObject({
      value: null,
      encrypted: true,
    });
    expect(outcome(await settings.set(t, { category: 'GENERAL', key: 'seats', value: '11' }))).toBe('BAD_USER_INPUT');
    // saying so changes them
    expect(
      dataOf(await settings.set(t, { category: 'BILLING', key: 'stripeKey', value: 'public now', encrypted: false }))
        .setTenantSetting.encrypted,
    ).toBe(false);
    expect(
      dataOf(await settings.set(t, { category: 'GENERAL', key: 'seats', type: 'STRING', value: 'many' }))
        .setTenantSetting.type,
    ).toBe('STRING');
  });

  test('creates one row when the same new setting is set several times at once', async ({ tenant: t, settings }) => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        settings.set(t, { category: 'GENERAL', key: 'raced', value: n, encrypted: n % 2 === 0 }),
      ),
    );
    expect(results.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(await settings.control().tenantSetting.count({ where: { tenantId: t.tenant.id, key: 'raced' } })).toBe(1);
    expect([1, 2, 3, 4, 5]).toContain(await settings.valueOf(t, 'raced'));
  });

  test('infers the type from the value when none is given, and reads each value back as it was sent', async ({
    tenant: t,
    settings,
  }) => {
    const cases = [
      ['name', 'Acme', 'STRING'],
      ['seats', 12, 'INTEGER'],
      ['enabled', false, 'BOOLEAN'],
      ['theme', { colors: ['#fff', '#000'], dark: true }, 'JSON'],
      ['ratio', 1.5, 'JSON'],
      ['tags', ['a', 'b'], 'JSON'],
    ] as const;
    for (const [key, value, type] of cases) {
      const result = await settings.set(t, { category: 'GENERAL', key, value });
      expectNoErrors(result, key);
      expect(result.data.setTenantSetting).toMatchObject({ key, value, type, encrypted: false });
    }
    const read = Object.fromEntries((await settings.list(t, t.viewer)).map((s) => [s.key, [s.value, s.type]]));
    expect(read).toEqual(Object.fromEntries(cases.map(([key, value, type]) => [key, [value, type]])));
  });
});

describe('settingsByCategory', () => {
  test('groups every category as { category: { key: value } }, empty ones included, encrypted values for admins only', async ({
    gw,
    tenant: t,
    settings,
  }) => {
    await settings.set(t, { category: 'GENERAL', key: 'locale', value: 'fr-FR' });
    await settings.set(t, { category: 'GENERAL', key: 'seats', value: 5 });
    await settings.set(t, { category: 'BILLING', key: 'stripeKey', value: 'sk_live_123', encrypted: true });
    const grouped = async (as: Identity) =>
      dataOf(await execute(gw, gql(`query SettingsByCategory { settingsByCategory }`), { host: t.host, as }))
        .settingsByCategory as Record<string, unknown>;
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
  test('is public on the tenant host and never carries an encrypted branding value', async ({
    gw,
    tenant: t,
    settings,
  }) => {
    await settings.set(t, { category: 'BRANDING', key: 'primaryColor', value: '#0af' });
    await settings.set(t, {
      category: 'BRANDING',
      key: 'logo',
      value: { url: 'https://cdn.example/logo.svg', width: 120 },
    });
    await settings.set(t, { category: 'BRANDING', key: 'fontLicenseKey', value: 'font-secret-1', encrypted: true });
    await settings.set(t, { category: 'GENERAL', key: 'internal', value: 'not branding' });
    for (const as of [null, t.viewer, t.owner]) {
      const result = await execute(gw, gql(`query PublicBranding { currentTenant { id name slug branding } }`), {
        host: t.host,
        as,
      });
      expectNoErrors(result);
      expect(result.data.currentTenant!.branding).toEqual({
        primaryColor: '#0af',
        logo: { url: 'https://cdn.example/logo.svg', width: 120 },
      });
      expect(JSON.stringify(result)).not.toContain('font-secret-1');
    }
  });
});

describe('deleteTenantSetting', () => {
  test('answers true when it deleted the setting and false when there was none', async ({
    gw,
    tenant: t,
    settings,
  }) => {
    await settings.set(t, { category: 'NOTIFICATIONS', key: 'digest', value: true });
    const del = () =>
      execute(gw, gql(`mutation DeleteDigestSetting { deleteTenantSetting(category: NOTIFICATIONS, key: "digest") }`), {
        host: t.host,
        as: t.admin,
      });
    expect((await del()).data).toEqual({ deleteTenantSetting: true });
    expect(await settings.control().tenantSetting.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect((await del()).data).toEqual({ deleteTenantSetting: false });
  });
});
