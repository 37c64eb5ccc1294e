// Backups as records, restore without downtime, clone, unarchive (src/tenancy/lifecycle/backups.ts).
import type { GraphQLContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { targetTenant } from './access.js';
import { viewerActor } from '../control-plane/audit.js';
import type { RestoreResult } from '../tenancy/lifecycle/backup-service.js';
import { builder } from './builder.js';
import { TenantRef } from './tenant.js';
import { TenantBackup } from './tenant-mutations.js';

const TenantRestore = builder.objectRef<RestoreResult>('TenantRestore').implement({
  description: 'The outcome of a restore or clone.',
  fields: (t) => ({
    tenant: t.field({ type: TenantRef, description: 'The tenant as it is now served.', resolve: (r) => r.tenant }),
    replacedBackup: t.field({
      type: TenantBackup,
      nullable: true,
      description: 'The backup the replaced schema became (restores only).',
      resolve: (r) => r.replaced,
    }),
    migrated: t.exposeStringList('migrated', {
      description: 'Tenant migrations applied to the copy (it was taken at an older version).',
    }),
    rowCounts: t.field({
      type: 'JSON',
      description: 'Rows per table of the restored copy (verified against the backup record).',
      resolve: (r) => r.rowCounts,
    }),
  }),
});

/** Scopes for an operation addressed by backup id: owners of its tenant, system admins for orphans. */
async function backupScopes(ctx: GraphQLContext, backupId: string) {
  const backup = await ctx.services.backups.find(backupId);
  if (!backup) throw new NotFoundError('Backup');
  return backup.tenantId
    ? { tenantRole: { tenantId: backup.tenantId, role: 'owner' as const } }
    : { systemAdmin: true };
}

builder.queryFields((t) => ({
  backups: t.field({
    type: [TenantBackup],
    description: "A tenant's backups, newest first (owners, system admins).",
    args: { tenantId: t.arg.id({ required: false, description: "Defaults to the host's tenant." }) },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'owner' as const } }),
    resolve: async (_root, args, ctx) => ctx.services.backups.list((await targetTenant(ctx, args.tenantId)).id),
  }),
  orphanBackups: t.field({
    type: [TenantBackup],
    description: 'Backups kept when their tenant was deleted (system admins).',
    authScopes: { systemAdmin: true },
    resolve: (_root, _args, ctx) => ctx.services.backups.orphans(),
  }),
}));

builder.mutationFields((t) => ({
  restoreTenant: t.field({
    type: TenantRestore,
    description:
      "Replaces the tenant's data with a backup's, without downtime: built in a shadow schema, row counts verified, migrated forward, swapped in by renames " +
      'in one transaction (the host answers TENANT_NOT_READY + Retry-After for that moment). The replaced schema becomes a backup (owners, system admins).',
    args: { backupId: t.arg.id({ required: true }) },
    authScopes: (_root, args, ctx) => backupScopes(ctx, args.backupId),
    resolve: async (_root, { backupId }, ctx) => {
      const backup = (await ctx.services.backups.find(backupId))!;
      await targetTenant(ctx, backup.tenantId);
      return ctx.services.backups.restore(backupId, { createdBy: ctx.viewer?.email ?? null, actor: viewerActor(ctx) });
    },
  }),

  deleteBackup: t.boolean({
    description: "Drops a backup's schema and its record (owners of its tenant, system admins).",
    args: { id: t.arg.id({ required: true }) },
    authScopes: (_root, args, ctx) => backupScopes(ctx, args.id),
    resolve: async (_root, { id }, ctx) => {
      const backup = (await ctx.services.backups.find(id))!;
      if (backup.tenantId) await targetTenant(ctx, backup.tenantId);
      await ctx.services.backups.delete(id, { actor: viewerActor(ctx) });
      return true;
    },
  }),

  cloneTenant: t.field({
    type: TenantRestore,
    description:
      'Creates a new tenant whose data is a copy of a backup (backupId) or of a live tenant (tenantId, one snapshot) (system admins).',
    args: {
      backupId: t.arg.id({ required: false }),
      tenantId: t.arg.id({ required: false }),
      slug: t.arg.string({ required: true }),
      name: t.arg.string({ required: false }),
    },
    authScopes: { systemAdmin: true },
    resolve: async (_root, args, ctx) => {
      return ctx.services.backups.clone(
        { backupId: args.backupId, tenantId: args.tenantId },
        { slug: args.slug, name: args.name },
        { actor: viewerActor(ctx) },
      );
    },
  }),

  unarchiveTenant: t.field({
    type: TenantRef,
    description:
      'Brings an archived tenant back: schema renamed to its name before archiving, status ACTIVE, its hosts routed again (system admins).',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { systemAdmin: true },
    resolve: async (_root, { id }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      return ctx.services.provisioner.unarchiveTenant(tenant.id, viewerActor(ctx));
    },
  }),
}));
