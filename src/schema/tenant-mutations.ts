// Tenant lifecycle: create (provisions the schema), update, suspend, activate, archive, delete, backup.
import { ForbiddenError } from '../errors.js';
import { targetTenant } from './access.js';
import { viewerActor } from '../control-plane/audit.js';
import { isReservedMetadataKey } from '../tenancy/lifecycle/tenant-lifecycle.js';
import { builder } from './builder.js';
import { TenantPlan, TenantStatus } from './enums.js';
import { limitsPatch, QuotaInput } from './quota.js';
import { TenantRef } from './tenant.js';
import type { BackupRecord } from '../tenancy/lifecycle/backups.js';

const DomainInput = builder.inputType('TenantDomainInput', {
  description: 'A domain to attach at creation (trusted: platform staff create tenants).',
  fields: (t) => ({
    domain: t.string({ required: true }),
    primary: t.boolean({ required: false }),
  }),
});

const CreateTenantInput = builder.inputType('CreateTenantInput', {
  description: 'A new tenant. slug and schemaName can never change afterwards.',
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({ required: true, description: 'DNS label: ^[a-z][a-z0-9-]{0,62}$, no trailing hyphen.' }),
    schemaName: t.string({ required: false, description: 'Defaults to tenant_<slug with - → _>.' }),
    domain: t.string({ required: false, description: 'Primary custom domain.' }),
    plan: t.field({ type: TenantPlan, required: false }),
    settings: t.field({ type: 'JSON', required: false }),
    limits: t.field({ type: QuotaInput, required: false }),
    metadata: t.field({ type: 'JSON', required: false }),
    domains: t.field({ type: [DomainInput], required: false }),
  }),
});

const UpdateTenantInput = builder.inputType('UpdateTenantInput', {
  description: 'Fields to change; omitted fields keep their value. status, plan and limits are for system admins.',
  fields: (t) => ({
    name: t.string({ required: false }),
    status: t.field({ type: TenantStatus, required: false }),
    plan: t.field({ type: TenantPlan, required: false }),
    settings: t.field({ type: 'JSON', required: false }),
    limits: t.field({ type: QuotaInput, required: false }),
    metadata: t.field({ type: 'JSON', required: false }),
    billingCustomerId: t.string({ required: false }),
    subscriptionId: t.string({ required: false }),
  }),
});

export const TenantBackup = builder.objectRef<BackupRecord>('TenantBackup').implement({
  description:
    'A full copy of a tenant schema, recorded: listed by backups(tenantId), restored by restoreTenant, removed by deleteBackup.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "The backup record's id (restoreTenant, deleteBackup, cloneTenant)." }),
    tenantId: t.exposeID('tenantId', {
      nullable: true,
      description: 'Whose backup; null when the tenant was deleted and the backup kept (an orphan).',
    }),
    tenantSlug: t.exposeString('tenantSlug', { description: "The tenant's slug when the backup was taken." }),
    schemaName: t.exposeString('schemaName', { description: 'Schema holding the copy (backup_…).' }),
    kind: t.exposeString('kind', { description: 'manual, or pre-restore (the schema a restore replaced).' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was taken, as given.' }),
    createdBy: t.exposeString('createdBy', {
      nullable: true,
      description: 'Who took it (email), or the operator CLI.',
    }),
    tables: t.exposeStringList('tables', { description: 'Tables copied.' }),
    rowCounts: t.field({
      type: 'JSON',
      description: 'Rows per table, as copied (a restore verifies against these).',
      resolve: (b) => b.rowCounts,
    }),
    sizeBytes: t.float({
      description: 'Size of the copy in bytes (counted in usage.storageGb).',
      resolve: (b) => b.sizeBytes,
    }),
    migrationVersion: t.exposeString('migrationVersion', {
      nullable: true,
      description: 'Last tenant migration in the copy (older ones are migrated forward on restore).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the copy was taken.' }),
  }),
});

const objectOrUndefined = (value: unknown) => (value == null ? undefined : (value as Record<string, unknown>));

builder.mutationFields((t) => ({
  createTenant: t.field({
    type: TenantRef,
    description:
      'Creates a tenant and provisions its schema; it comes back ACTIVE, or nothing is left behind (system admins).',
    args: { input: t.arg({ type: CreateTenantInput, required: true }) },
    authScopes: { platformAdmin: true },
    resolve: async (_root, { input }, ctx) => {
      const tenant = await ctx.services.provisioner.createTenant(
        {
          name: input.name,
          slug: input.slug,
          schemaName: input.schemaName ?? undefined,
          domain: input.domain,
          plan: input.plan ?? undefined,
          settings: objectOrUndefined(input.settings),
          limits: limitsPatch(input.limits),
          metadata: objectOrUndefined(input.metadata),
          domains: input.domains?.map((d) => ({ domain: d.domain, primary: d.primary ?? false })),
        },
        { actor: viewerActor(ctx) },
      );
      return tenant;
    },
  }),

  updateTenant: t.field({
    type: TenantRef,
    description:
      "Changes a tenant. Owners may change name, settings and metadata (not the platform's keys); status, plan, limits and billing ids need a system admin. " +
      "A plan change applies that plan's default limits unless limits are given; limits below current usage need force.",
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateTenantInput, required: true }),
      force: t.arg.boolean({
        required: false,
        description: 'Accept limits below current usage (otherwise BAD_USER_INPUT naming the field).',
      }),
    },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.id, role: 'owner' as const } }),
    resolve: async (_root, { id, input, force }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      const privileged = input.status != null || input.plan != null || input.limits != null;
      if (privileged && !ctx.viewer?.isSystemAdmin)
        throw new ForbiddenError('Only system admins can change status, plan or limits.');
      if (!ctx.viewer?.isSystemAdmin) {
        if (input.billingCustomerId != null || input.subscriptionId != null)
          throw new ForbiddenError('Only system admins can change billing ids.');
        const reserved = Object.keys(objectOrUndefined(input.metadata) ?? {}).filter(isReservedMetadataKey);
        if (reserved.length)
          throw new ForbiddenError(
            `Only system admins can set or remove the platform's metadata keys (${reserved.join(', ')}).`,
          );
      }
      const updated = await ctx.services.provisioner.updateTenant(
        tenant.id,
        {
          name: input.name ?? undefined,
          status: input.status ?? undefined,
          plan: input.plan ?? undefined,
          settings: objectOrUndefined(input.settings),
          limits: limitsPatch(input.limits),
          metadata: objectOrUndefined(input.metadata),
          billingCustomerId: input.billingCustomerId ?? undefined,
          subscriptionId: input.subscriptionId ?? undefined,
        },
        { force: force ?? false, actor: viewerActor(ctx) },
      );
      return updated;
    },
  }),

  suspendTenant: t.field({
    type: TenantRef,
    description: 'Suspends a tenant: its host answers 403 TENANT_SUSPENDED (system admins).',
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: false }) },
    authScopes: { systemAdmin: true },
    resolve: async (_root, { id, reason }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      return ctx.services.provisioner.suspendTenant(tenant.id, reason ?? undefined, viewerActor(ctx));
    },
  }),

  activateTenant: t.field({
    type: TenantRef,
    description: 'Re-activates a suspended tenant (system admins).',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { systemAdmin: true },
    resolve: async (_root, { id }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      return ctx.services.provisioner.activateTenant(tenant.id, viewerActor(ctx));
    },
  }),

  archiveTenant: t.field({
    type: TenantRef,
    description:
      'Archives a tenant: status ARCHIVED, metadata gains archived_at and archive_reason, the schema is renamed (system admins).',
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: false }) },
    authScopes: { systemAdmin: true },
    resolve: async (_root, { id, reason }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      return ctx.services.provisioner.archiveTenant(tenant.id, reason ?? undefined, viewerActor(ctx));
    },
  }),

  deleteTenant: t.boolean({
    description:
      "Drops the tenant's schema, its backups (unless keepBackups: then they stay as orphans) and removes the tenant (system admins). Irreversible.",
    args: {
      id: t.arg.id({ required: true }),
      keepBackups: t.arg.boolean({
        required: false,
        description: "Keep the tenant's backups (listed by orphanBackups).",
      }),
    },
    authScopes: { systemAdmin: true },
    resolve: async (_root, { id, keepBackups }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      // the tenant's audit log goes with its schema; the service logs the deletion with the actor
      await ctx.services.provisioner.deleteTenant(tenant.id, {
        keepBackups: keepBackups ?? false,
        actor: viewerActor(ctx),
      });
      return true;
    },
  }),

  backupTenant: t.field({
    type: TenantBackup,
    description:
      'Copies the tenant schema (tables, data, indexes, constraints, sequences, views, functions, triggers) into a recorded backup_… schema (owners, system admins). ' +
      'The oldest backups beyond the retention (per plan, default 7) are pruned; LIMIT_EXCEEDED when schema plus backups would exceed the storage limit.',
    args: {
      id: t.arg.id({ required: true }),
      reason: t.arg.string({ required: false, description: 'Why (kept with the backup, ≤ 500 characters).' }),
    },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.id, role: 'owner' as const } }),
    resolve: async (_root, { id, reason }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      return ctx.services.provisioner.backupTenant(tenant.id, {
        reason,
        createdBy: ctx.viewer?.email ?? null,
        actor: viewerActor(ctx),
      });
    },
  }),
}));
