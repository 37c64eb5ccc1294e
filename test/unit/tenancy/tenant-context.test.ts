import { describe, expect, it } from 'vitest';
import { TenantRequiredError } from '../../../src/errors.js';
import {
  currentTenant,
  currentTenantId,
  currentTenantSchema,
  inTenantContext,
  withTenant,
  type TenantRef,
} from '../../../src/tenancy/tenant-context.js';

const acme: TenantRef = { id: 'a-id', slug: 'acme', schemaName: 'tenant_acme' };
const globex: TenantRef = { id: 'g-id', slug: 'globex', schemaName: 'tenant_globex' };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('tenant context', () => {
  it('sets and gets the tenant inside withTenant', () => {
    withTenant(acme, () => {
      expect(inTenantContext()).toBe(true);
      expect(currentTenant()).toEqual(acme);
      expect(currentTenantId()).toBe('a-id');
      expect(currentTenantSchema()).toBe('tenant_acme');
    });
  });

  it('fails closed with TENANT_REQUIRED outside any tenant, never a default schema', () => {
    expect(inTenantContext()).toBe(false);
    expect(() => currentTenant()).toThrow(TenantRequiredError);
    expect(() => currentTenantSchema()).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'TENANT_REQUIRED' }) }));
  });

  it('restores the outer tenant when an inner withTenant returns', () => {
    withTenant(acme, () => {
      const inner = withTenant(globex, () => currentTenantSchema());
      expect(inner).toBe('tenant_globex');
      expect(currentTenantSchema()).toBe('tenant_acme');
    });
    expect(inTenantContext()).toBe(false);
  });

  it('restores the outer tenant when an inner withTenant throws, sync or async', async () => {
    await withTenant(acme, async () => {
      expect(() => withTenant(globex, () => { throw new Error('inner'); })).toThrow('inner');
      expect(currentTenantSchema()).toBe('tenant_acme');
      await expect(withTenant(globex, async () => { await tick(); throw new Error('later'); })).rejects.toThrow('later');
      expect(currentTenantSchema()).toBe('tenant_acme');
    });
    expect(inTenantContext()).toBe(false);
  });

  it('follows async work and never lets concurrent tenants see each other', async () => {
    const seen: string[] = [];
    const work = (tenant: TenantRef) =>
      withTenant(tenant, async () => {
        for (let i = 0; i < 5; i++) {
          await tick();
          seen.push(`${tenant.slug}:${currentTenant().slug}`);
          await new Promise<void>((resolve) => setTimeout(() => { seen.push(`${tenant.slug}:${currentTenant().slug}`); resolve(); }, 0));
        }
      });
    await Promise.all([work(acme), work(globex), work(acme)]);
    expect(seen).toHaveLength(30);
    for (const entry of seen) {
      const [expected, actual] = entry.split(':');
      expect(actual).toBe(expected);
    }
  });
});
