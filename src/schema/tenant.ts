// The Tenant type and its queries. Lifecycle mutations are in tenant-mutations.ts.
import { targetTenant } from './access.js';
import { NotFoundError, UnauthenticatedError } from '../errors.js';
import { builder } from './builder.js';
import { withIdCursor } from './cursor.js';
import { TenantOrder, TenantPlan, TenantStatus, tenantOrderBy } from './enums.js';
import { stored, TENANT_PLANS, TENANT_STATUSES } from '../vocabulary.js';
import { readLimits, readUsage, usagePercent } from '../control-plane/usage-math.js';
import { QuotaType } from './quota.js';
import { brandingOf } from './setting.js';
import { tenantFromDoor, usageOf } from './door-tenant.js';

/** Fields beyond id/name/slug/branding need a member's view of the tenant (or a system admin). */
export const tenantMembersOnly = (tenant: { id: string }) => ({
  tenantRole: { tenantId: tenant.id, role: 'viewer' as const },
});
const tenantAdminsOnly = (tenant: { id: string }) => ({ tenantRole: { tenantId: tenant.id, role: 'admin' as const } });

export const TenantRef = builder.prismaObject('Tenant', {
  description: 'A customer of the platform, with its own Postgres schema.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Tenant id (UUID).' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    slug: t.exposeString('slug', { description: 'DNS label: the tenant is served at <slug>.<BASE_DOMAIN>.' }),
    branding: t.field({
      type: 'JSON',
      description:
        'Public branding: the non-encrypted BRANDING settings as { key: value }. Visible to anyone on the tenant host.',
      resolve: (tenant, _args, ctx) => brandingOf(ctx, tenant.id),
    }),
    status: t.field({
      type: TenantStatus,
      authScopes: tenantMembersOnly,
      description: 'Lifecycle state.',
      resolve: (x) => stored(TENANT_STATUSES, x.status),
    }),
    plan: t.field({
      type: TenantPlan,
      authScopes: tenantMembersOnly,
      description: 'Billing plan.',
      resolve: (x) => stored(TENANT_PLANS, x.plan),
    }),
    schemaName: t.exposeString('schemaName', {
      authScopes: tenantMembersOnly,
      description: "Postgres schema holding the tenant's data.",
    }),
    domain: t.exposeString('domain', {
      nullable: true,
      authScopes: tenantMembersOnly,
      description: 'Primary custom domain, if any.',
    }),
    settings: t.expose('settings', {
      type: 'JSON',
      authScopes: tenantMembersOnly,
      description: 'Free-form tenant settings object.',
    }),
    metadata: t.expose('metadata', {
      type: 'JSON',
      authScopes: tenantMembersOnly,
      description: 'Free-form metadata (archive reason, …).',
    }),
    billingCustomerId: t.exposeString('billingCustomerId', {
      nullable: true,
      authScopes: tenantAdminsOnly,
      description: 'Billing provider customer id (admins and owners).',
    }),
    subscriptionId: t.exposeString('subscriptionId', {
      nullable: true,
      authScopes: tenantAdminsOnly,
      description: 'Billing provider subscription id (admins and owners).',
    }),
    limits: t.field({
      type: QuotaType,
      authScopes: tenantMembersOnly,
      description: 'Plan limits.',
      resolve: (x) => readLimits(x.limits),
    }),
    usage: t.field({
      type: QuotaType,
      authScopes: tenantMembersOnly,
      description: 'Current usage.',
      resolve: async (x, _args, ctx) => readUsage(await usageOf(ctx, x)),
    }),
    storageUsagePercent: t.float({
      authScopes: tenantMembersOnly,
      description: 'usage.storageGb / limits.storageGb × 100 (0 when either is 0).',
      resolve: async (x, _args, ctx) =>
        usagePercent(readUsage(await usageOf(ctx, x)).storageGb, readLimits(x.limits).storageGb),
    }),
    userUsagePercent: t.float({
      authScopes: tenantMembersOnly,
      description: 'usage.users / limits.users × 100 (0 when either is 0).',
      resolve: async (x, _args, ctx) =>
        usagePercent(readUsage(await usageOf(ctx, x)).users, readLimits(x.limits).users),
    }),
    apiCallsUsagePercent: t.float({
      authScopes: tenantMembersOnly,
      description: 'usage.apiCallsPerMonth / limits.apiCallsPerMonth × 100 (0 when either is 0).',
      resolve: async (x, _args, ctx) =>
        usagePercent(readUsage(await usageOf(ctx, x)).apiCallsPerMonth, readLimits(x.limits).apiCallsPerMonth),
    }),
    domains: t.relation('domains', {
      authScopes: tenantMembersOnly,
      description: 'Domains of the tenant, primary first.',
      query: { orderBy: [{ primary: 'desc' }, { domain: 'asc' }] },
    }),
    insertedAt: t.expose('insertedAt', { type: 'DateTime', authScopes: tenantMembersOnly, description: 'Created at.' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      authScopes: tenantMembersOnly,
      description: 'Last changed at.',
    }),
  }),
});

builder.queryFields((t) => ({
  currentTenant: t.prismaField({
    type: 'Tenant',
    nullable: true,
    description:
      "The tenant of the request's host; null on the platform host. Anonymous callers see id, name, slug and branding.",
    resolve: async (query, _root, _args, ctx) =>
      ctx.tenant
        ? ((await tenantFromDoor(ctx, ctx.tenant, query)) ??
          ctx.services.clients.control().tenant.findUnique({ ...query, where: { id: ctx.tenant.id } }))
        : null,
  }),

  tenant: t.prismaField({
    type: 'Tenant',
    nullable: true,
    description:
      'A tenant by id or slug (members and system admins). On a tenant host, defaults to that tenant; another tenant is NOT_FOUND.',
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }) },
    authScopes: async (_root, args, ctx) => ({
      tenantRole: {
        tenantId: args.id ?? (args.slug ? await tenantIdForSlug(ctx, args.slug) : null),
        role: 'viewer' as const,
      },
    }),
    resolve: async (query, _root, args, ctx) => {
      const id = args.id ?? (args.slug ? await tenantIdForSlug(ctx, args.slug) : null);
      const tenant = await targetTenant(ctx, id);
      return ctx.services.clients.control().tenant.findUnique({ ...query, where: { id: tenant.id } });
    },
  }),

  tenants: t.prismaConnection(
    {
      type: 'Tenant',
      cursor: 'id',
      description: 'All tenants (system admins, platform host).',
      authScopes: { platformAdmin: true },
      args: {
        status: t.arg({ type: TenantStatus, required: false }),
        plan: t.arg({ type: TenantPlan, required: false }),
        orderBy: t.arg({ type: TenantOrder, required: false }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.services.clients.control().tenant.findMany({
          ...withIdCursor(query),
          where: tenantFilter(args),
          orderBy: tenantOrderBy(args.orderBy),
        }),
      totalCount: (_parent, args, ctx) => ctx.services.clients.control().tenant.count({ where: tenantFilter(args) }),
    },
    { description: 'A page of tenants.' },
    { description: 'A tenant in a page.' },
  ),
}));

function tenantFilter(args: { status?: string | null; plan?: string | null }) {
  return { ...(args.status ? { status: args.status } : {}), ...(args.plan ? { plan: args.plan } : {}) };
}

async function tenantIdForSlug(ctx: Parameters<typeof targetTenant>[0], slug: string): Promise<string> {
  // Authentication before the lookup: anonymous callers cannot tell which slugs exist.
  if (!ctx.viewer) throw new UnauthenticatedError();
  const found = await ctx.services.clients.control().tenant.findUnique({ where: { slug }, select: { id: true } });
  if (!found) throw new NotFoundError('Tenant');
  return found.id;
}
