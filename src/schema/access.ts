// Who may touch which tenant (docs/ARCHITECTURE.md "Roles", "Request flow" 6). The schema's auth scopes call
// these; they are the only place the confinement rule and role ranks are written down.
import type { GraphQLContext } from '../context.js';
import type { Tenant, TenantMember } from '../generated/prisma/client.js';
import {
  NotFoundError,
  TenantNotReadyError,
  TenantRequiredError,
  TenantSuspendedError,
  UnauthenticatedError,
} from '../errors.js';
import { meterTargetedTenant } from '../edge/api-usage.js';
import { isUuid, roleAtLeast, type MemberRole } from '../vocabulary.js';

export { isUuid, type MemberRole };

interface AccessCache {
  tenants: Map<string, Promise<Tenant | null>>;
  memberships: Map<string, Promise<TenantMember | null>>;
}
const caches = new WeakMap<GraphQLContext, AccessCache>();
function cacheOf(ctx: GraphQLContext): AccessCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = { tenants: new Map(), memberships: new Map() }));
  return cache;
}

/** A tenant row by id, once per request. Malformed ids are simply not found. */
export function loadTenant(ctx: GraphQLContext, id: string): Promise<Tenant | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  const cache = cacheOf(ctx).tenants;
  let found = cache.get(id);
  if (!found) cache.set(id, (found = ctx.services.clients.control().tenant.findUnique({ where: { id } })));
  return found;
}

/**
 * The tenant an operation addresses. On a tenant host: the host's tenant, and any other id is
 * NOT_FOUND (confinement). On the platform host: the tenant named by id (system admins and members
 * address tenants this way); no id is TENANT_REQUIRED.
 */
export async function targetTenant(ctx: GraphQLContext, tenantId?: string | null): Promise<Tenant> {
  if (ctx.tenant) {
    if (tenantId != null && tenantId !== ctx.tenant.id) throw new NotFoundError('Tenant');
    return ctx.tenant;
  }
  if (tenantId == null) throw new TenantRequiredError();
  const tenant = await loadTenant(ctx, tenantId);
  // An archived tenant is gone for everyone but platform staff, who may still delete or inspect it.
  if (!tenant || (tenant.status === 'archived' && !ctx.viewer?.isSystemAdmin)) throw new NotFoundError('Tenant');
  // The door's rule holds wherever a tenant is targeted: only an ACTIVE tenant is served to its
  // members (and to anyone else); system admins act on any state.
  if (!ctx.viewer?.isSystemAdmin) {
    if (tenant.status === 'suspended') throw new TenantSuspendedError();
    if (tenant.status !== 'active') throw new TenantNotReadyError();
  }
  // Counted and limited against the tenant it targets, as on the tenant's own host.
  meterTargetedTenant(ctx, tenant);
  return tenant;
}

/** The viewer's membership that counts: status active and accepted. */
export function activeMembership(ctx: GraphQLContext, tenantId: string): Promise<TenantMember | null> {
  const viewer = ctx.viewer;
  if (!viewer) return Promise.resolve(null);
  const cache = cacheOf(ctx).memberships;
  let found = cache.get(tenantId);
  if (!found) cache.set(tenantId, (found = ctx.services.memberships.active(viewer.accountId, tenantId)));
  return found;
}

/** True when the viewer holds at least `minimum` on the tenant (system admins always do). */
export async function hasTenantRole(ctx: GraphQLContext, tenantId: string, minimum: MemberRole): Promise<boolean> {
  if (!ctx.viewer) throw new UnauthenticatedError();
  if (ctx.viewer.isSystemAdmin) return true;
  const membership = await activeMembership(ctx, tenantId);
  return membership !== null && roleAtLeast(membership.role, minimum);
}

/** The viewer's role on a tenant, or null; 'system_admin' for system admins. */
export async function viewerRole(ctx: GraphQLContext, tenantId: string): Promise<MemberRole | 'system_admin' | null> {
  if (!ctx.viewer) return null;
  if (ctx.viewer.isSystemAdmin) return 'system_admin';
  return ((await activeMembership(ctx, tenantId))?.role as MemberRole | undefined) ?? null;
}
