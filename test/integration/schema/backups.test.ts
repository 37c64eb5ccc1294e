// The tenant lifecycle through GraphQL: backups listed, taken with a reason, restored, deleted;
// clones, unarchive, deleteTenant(keepBackups) and orphans; who may do what.
import { describe, expect, it } from 'vitest';
import { graphql, outcome, PLATFORM_HOST, tenantWithMembers, uniqueSlug } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';

const gw = useTestGateway();
const staff = { email: 'staff@platform.test', systemAdmin: true };
const BACKUP = 'mutation($id: ID!, $reason: String) { backupTenant(id: $id, reason: $reason) { id tenantId kind reason createdBy tables rowCounts sizeBytes migrationVersion schemaName } }';
const LIST = 'query($id: ID) { backups(tenantId: $id) { id reason kind } }';

describe('backups through GraphQL', () => {
  it('an owner backs up, lists, restores and deletes backups of their tenant; the replaced data becomes a backup', async () => {
    const t = await tenantWithMembers(gw.current);
    const as = { host: t.host, as: t.owner };
    await graphql(gw.current, { ...as, query: 'mutation { createUser(input: { email: "before@x.test" }) { id } }' });
    const taken = await graphql(gw.current, { ...as, query: BACKUP, variables: { id: t.tenant.id, reason: 'nightly' } });
    expect(taken.errors).toBeUndefined();
    expect(taken.data.backupTenant).toMatchObject({
      tenantId: t.tenant.id, kind: 'manual', reason: 'nightly', createdBy: t.owner.email, migrationVersion: '0001_tenant_tables.sql',
      rowCounts: { users: 1 },
    });
    expect(taken.data.backupTenant.sizeBytes).toBeGreaterThan(0);
    const backupId = taken.data.backupTenant.id;

    await graphql(gw.current, { ...as, query: 'mutation { createUser(input: { email: "after@x.test" }) { id } }' });
    const restored = await graphql(gw.current, {
      ...as,
      query: 'mutation($id: ID!) { restoreTenant(backupId: $id) { tenant { id status } replacedBackup { id kind rowCounts } migrated rowCounts } }',
      variables: { id: backupId },
    });
    expect(restored.errors).toBeUndefined();
    expect(restored.data.restoreTenant).toMatchObject({ tenant: { id: t.tenant.id, status: 'ACTIVE' }, migrated: [], rowCounts: { users: 1 } });
    expect(restored.data.restoreTenant.replacedBackup).toMatchObject({ kind: 'pre-restore', rowCounts: { users: 2 } });
    const users = await graphql(gw.current, { ...as, query: '{ users(first: 10) { edges { node { email } } } }' });
    expect(users.data.users.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual(['before@x.test']);

    const listed = await graphql(gw.current, { ...as, query: LIST });
    expect(listed.data.backups.map((b: { kind: string }) => b.kind)).toEqual(['pre-restore', 'manual']);
    const deleted = await graphql(gw.current, { ...as, query: 'mutation($id: ID!) { deleteBackup(id: $id) }', variables: { id: backupId } });
    expect(deleted.data).toEqual({ deleteBackup: true });
    expect((await graphql(gw.current, { ...as, query: LIST })).data.backups).toHaveLength(1);
  });

  it('keeps backups to owners: admins and members are FORBIDDEN, another tenant\'s backup is NOT_FOUND', async () => {
    const a = await tenantWithMembers(gw.current);
    const b = await tenantWithMembers(gw.current);
    const backup = await gw.current.services.provisioner.backupTenant(a.tenant.id);
    for (const who of [a.admin, a.member]) {
      expect(outcome(await graphql(gw.current, { host: a.host, as: who, query: LIST }))).toBe('FORBIDDEN');
      expect(outcome(await graphql(gw.current, { host: a.host, as: who, query: BACKUP, variables: { id: a.tenant.id } }))).toBe('FORBIDDEN');
    }
    // b's owner, on b's host, cannot reach a's backup.
    for (const query of ['mutation($id: ID!) { restoreTenant(backupId: $id) { migrated } }', 'mutation($id: ID!) { deleteBackup(id: $id) }']) {
      const res = await graphql(gw.current, { host: b.host, as: b.owner, query, variables: { id: backup.id } });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(outcome(res));
    }
    expect(outcome(await graphql(gw.current, { host: a.host, as: a.owner, query: 'mutation { deleteBackup(id: "00000000-0000-4000-8000-000000000000") }' }))).toBe('NOT_FOUND');
    expect(outcome(await graphql(gw.current, { host: a.host, as: a.owner, query: 'mutation { deleteBackup(id: "nope") }' }))).toBe('NOT_FOUND');
    expect(await gw.current.services.backups.find(backup.id)).not.toBeNull();
    const reason = 'x'.repeat(501);
    expect(outcome(await graphql(gw.current, { host: a.host, as: a.owner, query: BACKUP, variables: { id: a.tenant.id, reason } }))).toBe('BAD_USER_INPUT');
  });

  it('system admins clone, delete with kept backups (orphans), and unarchive', async () => {
    const t = await tenantWithMembers(gw.current);
    const backup = await gw.current.services.provisioner.backupTenant(t.tenant.id);
    const slug = uniqueSlug('clone');
    const clone = await graphql(gw.current, {
      host: PLATFORM_HOST, as: staff,
      query: 'mutation($b: ID, $s: String!) { cloneTenant(backupId: $b, slug: $s) { tenant { slug status } rowCounts } }',
      variables: { b: backup.id, s: slug },
    });
    expect(clone.errors).toBeUndefined();
    expect(clone.data.cloneTenant.tenant).toEqual({ slug, status: 'ACTIVE' });
    expect(outcome(await graphql(gw.current, { host: t.host, as: t.owner, query: 'mutation($s: String!) { cloneTenant(tenantId: "x", slug: $s) { migrated } }', variables: { s: uniqueSlug() } }))).toBe('FORBIDDEN');

    const archived = await graphql(gw.current, { host: PLATFORM_HOST, as: staff, query: 'mutation($id: ID!) { archiveTenant(id: $id) { status } }', variables: { id: t.tenant.id } });
    expect(archived.data.archiveTenant.status).toBe('ARCHIVED');
    const back = await graphql(gw.current, { host: PLATFORM_HOST, as: staff, query: 'mutation($id: ID!) { unarchiveTenant(id: $id) { status schemaName } }', variables: { id: t.tenant.id } });
    expect(back.data.unarchiveTenant).toEqual({ status: 'ACTIVE', schemaName: t.tenant.schemaName });
    const onHost = await graphql(gw.current, { host: t.host, as: t.owner, query: '{ currentTenant { slug } }' });
    expect(onHost.data.currentTenant.slug).toBe(t.tenant.slug);

    const del = await graphql(gw.current, { host: PLATFORM_HOST, as: staff, query: 'mutation($id: ID!) { deleteTenant(id: $id, keepBackups: true) }', variables: { id: t.tenant.id } });
    expect(del.data).toEqual({ deleteTenant: true });
    const orphans = await graphql(gw.current, { host: PLATFORM_HOST, as: staff, query: '{ orphanBackups { id tenantId tenantSlug } }' });
    expect(orphans.data.orphanBackups).toContainEqual({ id: backup.id, tenantId: null, tenantSlug: t.tenant.slug });
    // An orphan is for system admins only.
    expect(outcome(await graphql(gw.current, { host: PLATFORM_HOST, as: t.owner, query: 'mutation($id: ID!) { deleteBackup(id: $id) }', variables: { id: backup.id } }))).toBe('FORBIDDEN');
    const gone = await graphql(gw.current, { host: PLATFORM_HOST, as: staff, query: 'mutation($id: ID!) { deleteBackup(id: $id) }', variables: { id: backup.id } });
    expect(gone.data).toEqual({ deleteBackup: true });
  });
});
