// Encrypted settings (issue 5 §5) exist only as ciphertext in the database, bound to their tenant, category and
// key, readable across a key rotation and moved to the newest key by reencryptSettings.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, vi } from 'vitest';
import { createLogger } from '../../../../src/logger.js';
import { createServices, type Services } from '../../../../src/services.js';
import { reencryptSettings } from '../../../../src/control-plane/settings-reencrypt.js';
import { createGateway } from '../../../../src/yoga.js';
import { execute, expectNoErrors, tenantWithMembers } from '../../../helpers/api.js';
import { TEST_ENCRYPTION_KEYS, testConfig } from '../../../helpers/database.js';
import type { TestGateway } from '../../../helpers/gateway.js';
import { fresh, test } from './settings-api.js';
import { gql } from '../../../gql/index.js';

const SETTINGS_AND_GROUPS = gql(`
  query TenantSettingsAndGroups { tenantSettings { id category key value type encrypted } settingsByCategory }
`);

// Gateways on the same database with other SETTINGS_ENCRYPTION_KEYS (another replica, or after a rotation).
const extraServices: Services[] = [];
function gatewayWithKeys(gw: TestGateway, keys: string): TestGateway {
  const config = testConfig({ SETTINGS_ENCRYPTION_KEYS: keys }, gw.db.url);
  const services = createServices(config, gw.db, createLogger(config));
  extraServices.push(services);
  return { db: gw.db, services, yoga: createGateway(services) };
}
afterAll(async () => {
  await Promise.all(extraServices.map((s) => s.clients.close()));
});
const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('encrypted settings', () => {
  test('reach the database only as v1 ciphertext under the newest key', async ({ gw, tenant: t, settings }) => {
    const secret = `sk_live_${fresh()}`;
    await settings.set(t, { category: 'BILLING', key: 'stripeKey', value: secret, encrypted: true });
    const stored = await settings.storedValue(t.tenant.id, 'stripeKey');
    expect(stored).toMatch(/^v1:test1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
    // two encryptions of one value differ (fresh IV)
    await settings.set(t, { category: 'BILLING', key: 'stripeKey', value: secret, encrypted: true });
    expect(await settings.storedValue(t.tenant.id, 'stripeKey')).not.toBe(stored);
    expect(await settings.valueOf(t, 'stripeKey')).toBe(secret);
    const audit = await gw.services.clients
      .forSchema(t.tenant.schemaName)
      .auditLog.findMany({ where: { action: 'setting.set' } });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  test("do not decrypt when copied into another tenant's or another setting's row: the value reads null, the rest still reads, the failure is logged", async ({
    gw,
    tenant: a,
    settings,
  }) => {
    const b = await tenantWithMembers(gw);
    const secret = `a-only-${fresh()}`;
    await settings.set(a, { category: 'SECURITY', key: 'apiKey', value: secret, encrypted: true });
    await settings.set(b, { category: 'SECURITY', key: 'apiKey', value: 'b-own-secret', encrypted: true });
    await settings.set(b, { category: 'SECURITY', key: 'otherKey', value: 'b-other-secret', encrypted: true });
    await settings.set(b, { category: 'GENERAL', key: 'visible', value: 'still here' });
    const ciphertext = await settings.storedValue(a.tenant.id, 'apiKey');
    await gw.db.pool.query(
      `UPDATE tenant_settings SET value = $1 WHERE tenant_id = $2 AND key IN ('apiKey', 'otherKey')`,
      [ciphertext, b.tenant.id],
    );

    const logged = vi.spyOn(gw.services.logger, 'error');
    try {
      const result = await execute(gw, SETTINGS_AND_GROUPS, { host: b.host, as: b.admin });
      expect(result.status).toBe(200);
      expectNoErrors(result);
      expect(JSON.stringify(result)).not.toContain(secret);
      const byKey = Object.fromEntries(result.data.tenantSettings.map((s) => [s.key, s]));
      expect(byKey.apiKey).toMatchObject({ value: null, encrypted: true });
      expect(byKey.otherKey).toMatchObject({ value: null, encrypted: true });
      expect(byKey.visible!.value).toBe('still here');
      expect((result.data.settingsByCategory as Record<string, unknown>).security).toEqual({
        apiKey: null,
        otherKey: null,
      });
      const lines = logged.mock.calls.filter(([, msg]) => msg === 'encrypted setting cannot be decrypted');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines[0]![0]).toMatchObject({
        tenantId: b.tenant.id,
        category: 'security',
        key: expect.stringMatching(/^(apiKey|otherKey)$/),
      });
      expect(JSON.stringify(logged.mock.calls)).not.toContain(secret);
    } finally {
      logged.mockRestore();
    }
    expect(await settings.valueOf(a, 'apiKey')).toBe(secret);
  });

  test('do not decrypt under another key id: relabelled with a configured one, or on a server without the key', async ({
    gw,
    tenant: t,
    settings,
  }) => {
    await settings.set(t, { category: 'SECURITY', key: 'relabelled', value: 'secret-1', encrypted: true });
    await settings.set(t, { category: 'SECURITY', key: 'unknownKey', value: 'secret-2', encrypted: true });
    const twoKeys = gatewayWithKeys(gw, `${newKey('k2')},${TEST_ENCRYPTION_KEYS}`);
    const relabelled = (await settings.storedValue(t.tenant.id, 'relabelled')).replace(/^v1:test1:/, 'v1:k2:');
    await gw.db.pool.query(`UPDATE tenant_settings SET value = $1 WHERE tenant_id = $2 AND key = 'relabelled'`, [
      relabelled,
      t.tenant.id,
    ]);
    expect(await settings.valueOf(t, 'relabelled', twoKeys)).toBeNull();

    const otherKeysOnly = gatewayWithKeys(gw, newKey('k9'));
    const read = await settings.list(t, t.admin, otherKeysOnly);
    expect(read.find((s) => s.key === 'unknownKey')).toMatchObject({ value: null, encrypted: true });
    expect(JSON.stringify(read)).not.toContain('secret-2');
  });

  test('still read after a key rotation, and reencryptSettings moves them to the newest key', async ({
    gw,
    tenant: t,
    settings,
  }) => {
    const values = { apiKey: `api-${fresh()}`, webhookSecret: `whsec-${fresh()}` };
    for (const [key, value] of Object.entries(values))
      await settings.set(t, { category: 'SECURITY', key, value, encrypted: true });
    await settings.set(t, { category: 'SECURITY', key: 'plain', value: 'not encrypted' });
    const plainBefore = await settings.storedValue(t.tenant.id, 'plain');

    const rotated = gatewayWithKeys(gw, `${newKey('k2')},${TEST_ENCRYPTION_KEYS}`);
    expect(await settings.valueOf(t, 'apiKey', rotated)).toBe(values.apiKey);
    // new writes use the newest key at once
    await settings.set(
      t,
      { category: 'SECURITY', key: 'fresh', value: 'written-after-rotation', encrypted: true },
      rotated,
    );
    expect(await settings.storedValue(t.tenant.id, 'fresh')).toMatch(/^v1:k2:/);

    const result = await reencryptSettings(gw.db.pool, rotated.services.cipher!);
    // (rows other tests broke on purpose fail; none of this tenant's)
    const ids = (await settings.list(t, t.admin, rotated)).map((s) => s.id);
    expect(result.failed.filter((f) => ids.includes(f.id))).toEqual([]);
    expect(result.reencrypted).toBeGreaterThanOrEqual(2);
    for (const [key, value] of Object.entries(values)) {
      expect(await settings.storedValue(t.tenant.id, key)).toMatch(/^v1:k2:/);
      expect(await settings.valueOf(t, key, rotated)).toBe(value);
    }
    expect(await settings.storedValue(t.tenant.id, 'plain')).toBe(plainBefore);
    // a server that only has the retired key can no longer read them
    expect(await settings.valueOf(t, 'apiKey')).toBeNull();
  });
});
