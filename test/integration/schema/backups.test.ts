// The tenant lifecycle through GraphQL: backups listed, taken with a reason, restored, deleted;
// clones, unarchive, deleteTenant(keepBackups) and orphans; who may do what.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import {
  dataOf,
  execute,
  expectNoErrors,
  outcome,
  PLATFORM_HOST,
  tenantWithMembers,
  uniqueSlug,
} from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';

const staff = { email: 'staff@platform.test', systemAdmin: true };
const BACKUP = gql(
  `mutation TakeBackup($id: ID!, $reason: String) { backupTenant(id: $id, reason: $reason) { id tenantId kind reason createdBy tables rowCounts sizeBytes migrationVersion schemaName } }`,
);
const LIST = gql(`query ListBackups($id: ID) { backups(tenantId: $id) { id reason kind } }`);
const DELETE_BACKUP = gql(`mutation DeleteBackup($id: ID!) { deleteBackup(id: $id) }`);

describe('backups through GraphQL', () => {
  test('an owner backs up, lists, restores and deletes backups of their tenant; the replaced data becomes a backup', async ({
    gw,
    tenant: t,
  }) => {
    const as = { host: t.host, as: t.owner };
    await execute(gw, gql(`mutation CreateUserBeforeBackup { createUser(input: { email: "before@x.test" }) { id } }`), {
      ...as,
    });
    const taken = await execute(gw, BACKUP, { ...as, variables: { id: t.tenant.id, reason: 'nightly' } });
    expectNoErrors(taken);
    expect(taken.data.backupTenant).toMatchObject({
      tenantId: t.tenant.id,
      kind: 'manual',
      reason: 'nightly',
      createdBy: t.owner.email,
      migrationVersion: '0001_tenant_tables.sql',
      rowCounts: { users: 1 },
    });
    expect(taken.data.backupTenant.sizeBytes).toBeGreaterThan(0);
    const backupId = taken.data.backupTenant.id;

    await execute(gw, gql(`mutation CreateUserAfterBackup { createUser(input: { email: "after@x.test" }) { id } }`), {
      ...as,
    });
    const restored = await execute(
      gw,
      gql(
        `mutation RestoreBackup($id: ID!) { restoreTenant(backupId: $id) { tenant { id status } replacedBackup { id kind rowCounts } migrated rowCounts } }`,
      ),
      {
        ...as,
        variables: { id: backupId },
      },
    );
    expectNoErrors(restored);
    expect(restored.data.restoreTenant).toMatchObject({
      tenant: { id: t.tenant.id, status: 'ACTIVE' },
      migrated: [],
      rowCounts: { users: 1 },
    });
    expect(restored.data.restoreTenant.replacedBackup).toMatchObject({ kind: 'pre-restore', rowCounts: { users: 2 } });
    const users = await execute(gw, gql(`query RestoredUsers { users(first: 10) { edges { node { email } } } }`), {
      ...as,
    });
    expectNoErrors(users);
    expect(users.data.users.edges.map((e) => e.node.email)).toEqual(['before@x.test']);

    const listed = await execute(gw, LIST, { ...as });
    expectNoErrors(listed);
    expect(listed.data.backups.map((b) => b.kind)).toEqual(['pre-restore', 'manual']);
    const deleted = await execute(gw, DELETE_BACKUP, { ...as, variables: { id: backupId } });
    expect(deleted.data).toEqual({ deleteBackup: true });
    expect(dataOf(await execute(gw, LIST, { ...as })).backups).toHaveLength(1);
  });

  test("keeps backups to owners: admins and members are FORBIDDEN, another tenant's backup is NOT_FOUND", async ({
    gw,
    tenant: a,
  }) => {
    const b = await tenantWithMembers(gw);
    const backup = await gw.services.provisioner.backupTenant(a.tenant.id);
    for (const who of [a.admin, a.member]) {
      expect(outcome(await execute(gw, LIST, { host: a.host, as: who }))).toBe('FORBIDDEN');
      expect(outcome(await execute(gw, BACKUP, { host: a.host, as: who, variables: { id: a.tenant.id } }))).toBe(
        'FORBIDDEN',
      );
    }
    // b's owner, on b's host, cannot reach a's backup.
    const restore = gql(`mutation RestoreAnotherTenantsBackup($id: ID!) { restoreTenant(backupId: $id) { migrated } }`);
    const remove = gql(`mutation DeleteAnotherTenantsBackup($id: ID!) { deleteBackup(id: $id) }`);
    for (const document of [restore, remove] as TypedDocumentNode<unknown, { id: string }>[]) {
      const res = await execute(gw, document, { host: b.host, as: b.owner, variables: { id: backup.id } });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(outcome(res));
    }
    expect(
      outcome(
        await execute(
          gw,
          gql(`mutation DeleteUnknownBackup { deleteBackup(id: "00000000-0000-4000-8000-000000000000") }`),
          { host: a.host, as: a.owner },
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      outcome(
        await execute(gw, gql(`mutation DeleteBackupByMalformedId { deleteBackup(id: "nope") }`), {
          host: a.host,
          as: a.owner,
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(await gw.services.backups.find(backup.id)).not.toBeNull();
    const reason = 'x'.repeat(501);
    expect(
      outcome(await execute(gw, BACKUP, { host: a.host, as: a.owner, variables: { id: a.tenant.id, reason } })),
    ).toBe('BAD_USER_INPUT');
  });

  test('system admins clone, delete with kept backups (orphans), and unarchive', async ({ gw, tenant: t }) => {
    const backup = await gw.services.provisioner.backupTenant(t.tenant.id);
    const slug = uniqueSlug('clone');
    const clone = await execute(
      gw,
      gql(
        `mutation CloneFromBackup($b: ID, $s: String!) { cloneTenant(backupId: $b, slug: $s) { tenant { slug status } rowCounts } }`,
      ),
      {
        host: PLATFORM_HOST,
        as: staff,
        variables: { b: backup.id, s: slug },
      },
    );
    expectNoErrors(clone);
    expect(clone.data.cloneTenant.tenant).toEqual({ slug, status: 'ACTIVE' });
    expect(
      outcome(
        await execute(
          gw,
          gql(`mutation CloneAsTenantOwner($s: String!) { cloneTenant(tenantId: "x", slug: $s) { migrated } }`),
          { host: t.host, as: t.owner, variables: { s: uniqueSlug() } },
        ),
      ),
    ).toBe('FORBIDDEN');

    const archived = await execute(
      gw,
      gql(`mutation ArchiveTenantForUnarchive($id: ID!) { archiveTenant(id: $id) { status } }`),
      { host: PLATFORM_HOST, as: staff, variables: { id: t.tenant.id } },
    );
    expectNoErrors(archived);
    expect(archived.data.archiveTenant.status).toBe('ARCHIVED');
    const back = await execute(
      gw,
      gql(`mutation UnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { status schemaName } }`),
      { host: PLATFORM_HOST, as: staff, variables: { id: t.tenant.id } },
    );
    expectNoErrors(back);
    expect(back.data.unarchiveTenant).toEqual({ status: 'ACTIVE', schemaName: t.tenant.schemaName });
    const onHost = await execute(gw, gql(`query UnarchivedTenantSlug { currentTenant { slug } }`), {
      host: t.host,
      as: t.owner,
    });
    expectNoErrors(onHost);
    expect(onHost.data.currentTenant!.slug).toBe(t.tenant.slug);

    const del = await execute(
      gw,
      gql(`mutation DeleteTenantKeepingBackups($id: ID!) { deleteTenant(id: $id, keepBackups: true) }`),
      { host: PLATFORM_HOST, as: staff, variables: { id: t.tenant.id } },
    );
    expect(del.data).toEqual({ deleteTenant: true });
    const orphans = await execute(gw, gql(`query OrphanBackups { orphanBackups { id tenantId tenantSlug } }`), {
      host: PLATFORM_HOST,
      as: staff,
    });
    expectNoErrors(orphans);
    expect(orphans.data.orphanBackups).toContainEqual({ id: backup.id, tenantId: null, tenantSlug: t.tenant.slug });
    // An orphan is for system admins only.
    expect(
      outcome(await execute(gw, DELETE_BACKUP, { host: PLATFORM_HOST, as: t.owner, variables: { id: backup.id } })),
    ).toBe('FORBIDDEN');
    const gone = await execute(gw, DELETE_BACKUP, { host: PLATFORM_HOST, as: staff, variables: { id: backup.id } });
    expect(gone.data).toEqual({ deleteBackup: true });
  });
});
