// A suspended (or pending) tenant is managed by nobody but platform staff, wherever it is targeted:
// on the platform host with tenantId as well as at its own host's door.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { setTenantStatus } from '../../helpers/tenant-rows.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';

let world: Awaited<ReturnType<typeof tenantWithMembers>>;
const staff = { email: 'staff@platform.test', systemAdmin: true };

const OPERATIONS: { name: string; document: TypedDocumentNode<unknown, { t: string }> }[] = [
  {
    name: 'read the decrypted settings',
    document: gql(`query SuspendedSettings($t: ID) { tenantSettings(tenantId: $t) { key value } }`),
  },
  {
    name: 'set a setting',
    document: gql(
      `mutation SuspendedSetSetting($t: ID) { setTenantSetting(input: { tenantId: $t, category: GENERAL, key: "x", value: "y" }) { key } }`,
    ),
  },
  {
    name: 'invite a new admin',
    document: gql(
      `mutation SuspendedInviteAdmin($t: ID) { inviteMember(tenantId: $t, email: "new-admin@evil.test", role: ADMIN) { id } }`,
    ),
  },
  {
    name: 'add a domain',
    document: gql(
      `mutation SuspendedAddDomain($t: ID) { addTenantDomain(tenantId: $t, domain: "suspended-claim.example.org") { id } }`,
    ),
  },
  { name: 'take a backup', document: gql(`mutation SuspendedBackup($t: ID!) { backupTenant(id: $t) { schemaName } }`) },
  {
    name: 'erase the suspension record',
    document: gql(
      `mutation SuspendedEraseRecord($t: ID!) { updateTenant(id: $t, input: { metadata: { suspension_reason: null } }) { id } }`,
    ),
  },
  {
    name: 'list the members',
    document: gql(`query SuspendedMembers($t: ID) { members(tenantId: $t, first: 5) { totalCount } }`),
  },
  { name: 'read the tenant', document: gql(`query SuspendedTenant($t: ID) { tenant(id: $t) { status metadata } }`) },
];

test.beforeAll(async ({ gw }) => {
  world = await tenantWithMembers(gw);
  await gw.services.provisioner.suspendTenant(world.tenant.id, 'unpaid');
});

describe('an owner of a suspended tenant, on the platform host', () => {
  for (const op of OPERATIONS) {
    test(`cannot ${op.name}: TENANT_SUSPENDED`, async ({ gw }) => {
      const res = await execute(gw, op.document, {
        host: PLATFORM_HOST,
        variables: { t: world.tenant.id },
        as: world.owner,
      });
      expect(outcome(res)).toBe('TENANT_SUSPENDED');
    });
  }

  test('leaves the suspension record, members and domains as they were', async ({ gw }) => {
    const db = gw.services.clients.control();
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: world.tenant.id } });
    expect(tenant.status).toBe('suspended');
    expect((tenant.metadata as Record<string, unknown>).suspension_reason).toBe('unpaid');
    expect(await db.tenantMember.count({ where: { tenantId: world.tenant.id } })).toBe(4);
    expect(await db.tenantDomain.count({ where: { tenantId: world.tenant.id } })).toBe(0);
  });
});

describe('platform staff', () => {
  test('still read and manage the suspended tenant', async ({ gw }) => {
    const res = await execute(
      gw,
      gql(`query StaffReadsSuspendedTenant($t: ID) { tenant(id: $t) { status } tenantSettings(tenantId: $t) { key } }`),
      {
        host: PLATFORM_HOST,
        variables: { t: world.tenant.id },
        as: staff,
      },
    );
    expect(outcome(res)).toBe('OK');
    expectNoErrors(res);
    expect(res.data.tenant!.status).toBe('SUSPENDED');
  });
});

describe('a pending tenant', () => {
  test('is not managed by its members on the platform host: TENANT_NOT_READY', async ({ gw, tenant: pending }) => {
    await setTenantStatus(gw.db.pool, pending.tenant.id, 'pending');
    const res = await execute(gw, gql(`query PendingTenantSettings($t: ID) { tenantSettings(tenantId: $t) { key } }`), {
      host: PLATFORM_HOST,
      variables: { t: pending.tenant.id },
      as: pending.owner,
    });
    expect(outcome(res)).toBe('TENANT_NOT_READY');
  });
});
