// Every lifecycle command of the operator CLI writes the audit entry its GraphQL mutation writes:
// the same action, target and metadata keys, in the affected tenant's audit_logs. Only the actor
// differs: the viewer's account (actorId, metadata.actorEmail, metadata.requestId) for the API, no
// account and metadata.operator (--actor, else the OS user) for the CLI.
import os from 'node:os';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import { dataOf, execute, type Execution, PLATFORM_HOST, uniqueSlug } from '../../helpers/api.js';
import { auditEntries, type AuditEntry } from '../../helpers/audit-log.js';
import { cliOn } from '../../helpers/cli.js';
import { test as base } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

const staff = { email: 'audit-staff@platform.test', systemAdmin: true };
// `cli` runs the command line on the gateway's database.
const test = base.extend('cli', { scope: 'file' }, async ({ gw }) => cliOn(gw.db.url));

/** The newest entry in the tenant's audit log. */
async function newestEntry(gw: TestGateway, tenantId: string): Promise<AuditEntry> {
  return (await auditEntries(gw, tenantId)).at(-1)!;
}

async function schemaExists(gw: TestGateway, name: string): Promise<boolean> {
  return (await gw.db.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name])).rowCount === 1;
}

/** A mutation as platform staff; fails the test on any error. */
async function api<R, V>(gw: TestGateway, document: TypedDocumentNode<R, V>, variables: V) {
  return dataOf(await execute(gw, document, { host: PLATFORM_HOST, as: staff, variables } as Execution<V>));
}

/** A CLI command as operator ops-alice; fails the test unless it exits 0. */
async function run(cli: ReturnType<typeof cliOn>, ...args: string[]) {
  const result = await cli('--actor', 'ops-alice', ...args);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

const ACTOR_KEYS = ['requestId', 'actorEmail', 'operator'];
/** What must match between the two paths: everything but who acted and the ids of what was acted on. */
const shape = (e: AuditEntry) => ({
  action: e.action,
  targetType: e.targetType,
  metadataKeys: Object.keys(e.metadata)
    .filter((k) => !ACTOR_KEYS.includes(k))
    .sort(),
});

interface Step {
  name: string;
  action: string;
  api: { entry: AuditEntry; target: string };
  cli: { entry: AuditEntry; target: string };
}

describe('audit entries of the lifecycle commands', () => {
  test('create, suspend, activate, backup, restore, delete-backup, clone, archive and unarchive write the entry of their mutation', async ({
    gw,
    cli,
  }) => {
    const steps: Step[] = [];
    const step = async (
      name: string,
      action: string,
      a: { tenant: string; target?: string },
      c: { tenant: string; target?: string },
    ) => {
      steps.push({
        name,
        action,
        api: { entry: await newestEntry(gw, a.tenant), target: a.target ?? a.tenant },
        cli: { entry: await newestEntry(gw, c.tenant), target: c.target ?? c.tenant },
      });
    };
    const apiSlug = uniqueSlug('auda');
    const cliSlug = uniqueSlug('audc');

    const A = (
      await api(
        gw,
        gql(`mutation AuditedCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id } }`),
        { input: { name: 'Audit API', slug: apiSlug } },
      )
    ).createTenant.id;
    const C = (await run(cli, 'create', '--name', 'Audit CLI', '--slug', cliSlug, '--json')).json<{ id: string }>().id;
    await step('create', 'tenant.create', { tenant: A }, { tenant: C });

    await api(gw, gql(`mutation AuditedSuspendTenant($id: ID!) { suspendTenant(id: $id, reason: "unpaid") { id } }`), {
      id: A,
    });
    await run(cli, 'suspend', cliSlug, '--reason', 'unpaid');
    await step('suspend', 'tenant.suspend', { tenant: A }, { tenant: C });

    await api(gw, gql(`mutation AuditedActivateTenant($id: ID!) { activateTenant(id: $id) { id } }`), { id: A });
    await run(cli, 'activate', cliSlug);
    await step('activate', 'tenant.activate', { tenant: A }, { tenant: C });

    const apiBackup = (
      await api(gw, gql(`mutation AuditedBackupTenant($id: ID!) { backupTenant(id: $id, reason: "nightly") { id } }`), {
        id: A,
      })
    ).backupTenant.id;
    const cliBackup = (await run(cli, 'backup', cliSlug, '--reason', 'nightly', '--json')).json<{ id: string }>().id;
    await step('backup', 'tenant.backup', { tenant: A }, { tenant: C });

    const apiReplaced = (
      await api(
        gw,
        gql(`mutation AuditedRestoreTenant($id: ID!) { restoreTenant(backupId: $id) { replacedBackup { id } } }`),
        { id: apiBackup },
      )
    ).restoreTenant.replacedBackup!.id;
    const cliReplaced = (await run(cli, 'restore', cliBackup, '--json')).json<{ replacedBackup: { id: string } }>()
      .replacedBackup.id;
    await step('restore', 'tenant.restore', { tenant: A }, { tenant: C });

    await api(gw, gql(`mutation AuditedDeleteBackup($id: ID!) { deleteBackup(id: $id) }`), { id: apiReplaced });
    await run(cli, 'delete-backup', cliReplaced);
    await step(
      'delete-backup',
      'backup.delete',
      { tenant: A, target: apiReplaced },
      { tenant: C, target: cliReplaced },
    );

    const apiClone = (
      await api(
        gw,
        gql(
          `mutation AuditedCloneTenant($id: ID!, $slug: String!) { cloneTenant(tenantId: $id, slug: $slug) { tenant { id } } }`,
        ),
        { id: A, slug: `${apiSlug}-copy` },
      )
    ).cloneTenant.tenant.id;
    const cliClone = (await run(cli, 'clone', cliSlug, '--slug', `${cliSlug}-copy`, '--json')).json<{ id: string }>()
      .id;
    await step('clone', 'tenant.clone', { tenant: apiClone }, { tenant: cliClone });

    await api(gw, gql(`mutation AuditedArchiveTenant($id: ID!) { archiveTenant(id: $id, reason: "closed") { id } }`), {
      id: A,
    });
    await run(cli, 'archive', cliSlug, '--reason', 'closed');
    await step('archive', 'tenant.archive', { tenant: A }, { tenant: C });

    await api(gw, gql(`mutation AuditedUnarchiveTenant($id: ID!) { unarchiveTenant(id: $id) { id } }`), { id: A });
    await run(cli, 'unarchive', cliSlug);
    await step('unarchive', 'tenant.unarchive', { tenant: A }, { tenant: C });

    for (const s of steps) {
      expect(s.api.entry.action, s.name).toBe(s.action);
      expect(shape(s.cli.entry), s.name).toEqual(shape(s.api.entry));
      expect(s.api.entry.targetId, s.name).toBe(s.api.target);
      expect(s.cli.entry.targetId, s.name).toBe(s.cli.target);
      // who acted: the viewer's account for the API, the named operator (no account) for the CLI
      expect(s.api.entry.actorId, s.name).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.api.entry.metadata, s.name).toMatchObject({ actorEmail: staff.email, requestId: expect.any(String) });
      expect(s.cli.entry.actorId, s.name).toBeNull();
      expect(s.cli.entry.metadata.operator, s.name).toBe('ops-alice');
      expect(Object.keys(s.cli.entry.metadata), s.name).not.toContain('actorEmail');
    }
    expect(steps.map((s) => s.action)).toEqual([
      'tenant.create',
      'tenant.suspend',
      'tenant.activate',
      'tenant.backup',
      'tenant.restore',
      'backup.delete',
      'tenant.clone',
      'tenant.archive',
      'tenant.unarchive',
    ]);
    const metadataOf = (name: string) => steps.find((s) => s.name === name)!;
    expect(metadataOf('create').cli.entry.metadata).toMatchObject({ slug: cliSlug });
    expect(metadataOf('suspend').cli.entry.metadata).toMatchObject({ reason: 'unpaid' });
    expect(metadataOf('suspend').api.entry.metadata).toMatchObject({ reason: 'unpaid' });
    expect(metadataOf('archive').cli.entry.metadata).toMatchObject({ reason: 'closed' });
    expect(metadataOf('restore').cli.entry.metadata).toMatchObject({
      backupId: cliBackup,
      replacedBackupId: cliReplaced,
    });
    expect(metadataOf('restore').api.entry.metadata).toMatchObject({
      backupId: apiBackup,
      replacedBackupId: apiReplaced,
    });
    expect(metadataOf('clone').cli.entry.metadata).toMatchObject({ tenantId: C });

    // delete: no entry on either path, the tenant's audit log is dropped with its schema
    await api(gw, gql(`mutation AuditedDeleteTenant($id: ID!) { deleteTenant(id: $id) }`), { id: apiClone });
    await run(cli, 'delete', `${cliSlug}-copy`, '--force');
    expect(await schemaExists(gw, `tenant_${apiSlug}_copy`)).toBe(false);
    expect(await schemaExists(gw, `tenant_${cliSlug}_copy`)).toBe(false);
  }, 180_000);

  test('names the OS user as the operator when --actor is not given', async ({ gw, cli }) => {
    const slug = uniqueSlug('audu');
    const created = await cli('create', '--name', 'Audit OS user', '--slug', slug, '--json');
    expect(created.code, created.stderr).toBe(0);
    const entry = await newestEntry(gw, created.json<{ id: string }>().id);
    expect(entry).toMatchObject({
      action: 'tenant.create',
      actorId: null,
      metadata: { operator: os.userInfo().username, slug },
    });
  }, 60_000);

  test('refuses an empty --actor as a usage error before touching the database', async ({ cli }) => {
    const result = await cli('--actor', '  ', 'create', '--name', 'X', '--slug', uniqueSlug('audx'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--actor must be 1 to 200 printable characters');
  });
});
