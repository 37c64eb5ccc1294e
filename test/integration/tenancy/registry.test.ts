import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/generated/prisma/client.js';
import { countTenants, findTenantById, findTenantBySlug, listTenants } from '../../../src/tenancy/registry.js';
import { outcome, useProvisioner } from '../../helpers/provisioner.js';

const t = useProvisioner();
const created: Tenant[] = [];
const control = () => t.current.clients.control();

beforeAll(async () => {
  for (const [i, name] of ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo'].entries()) {
    created.push(
      await t.current.provisioner.createTenant({ name, slug: `reg-${i}`, plan: i % 2 ? 'enterprise' : 'basic' }),
    );
  }
  await t.current.provisioner.suspendTenant(created[4]!.id);
});

describe('registry', () => {
  it('finds tenants by id and slug, and answers null for unknown or malformed ones', async () => {
    expect((await findTenantById(control(), created[0]!.id))?.slug).toBe('reg-0');
    expect((await findTenantBySlug(control(), 'reg-1'))?.id).toBe(created[1]!.id);
    expect(await findTenantById(control(), randomUUID())).toBeNull();
    expect(await findTenantById(control(), "1' OR '1'='1")).toBeNull();
    expect(await findTenantBySlug(control(), 'nope')).toBeNull();
    expect(await countTenants(control())).toBe(5);
  });

  it('pages through tenants in a stable order without overlaps or gaps', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listTenants(control(), { first: 2, after });
      seen.push(...page.tenants.map((x) => x.slug));
      if (!page.hasNextPage) break;
      after = page.tenants.at(-1)!.id;
    }
    expect(seen).toEqual(created.map((c) => c.slug));
    const byName = await listTenants(control(), { orderBy: 'name', direction: 'desc', first: 10 });
    expect(byName.tenants.map((x) => x.name)).toEqual(['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
  });

  it('filters by status and plan, and refuses bad paging arguments', async () => {
    expect((await listTenants(control(), { status: 'suspended' })).tenants.map((x) => x.slug)).toEqual(['reg-4']);
    expect((await listTenants(control(), { plan: 'enterprise' })).tenants.map((x) => x.slug)).toEqual([
      'reg-1',
      'reg-3',
    ]);
    expect(await outcome(listTenants(control(), { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(await outcome(listTenants(control(), { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(await outcome(listTenants(control(), { after: 'garbage' }))).toBe('BAD_USER_INPUT');
  });
});
