// `currentTenant` answers from the tenant row the door already holds (host cache, kept fresh in every
// gateway through the ChangeBus by every tenant and domain change), so it costs no tenant query. Two
// things that cache does not hold are read when, and only when, they are asked for: relations
// (one query each, with the relation's own arguments) and usage, which metering rewrites without
// announcing it.
import type { GraphQLContext } from '../context.js';
import type { Prisma, Tenant } from '../generated/prisma/client.js';

const fromDoor = new WeakSet<object>();
const freshUsage = new WeakMap<GraphQLContext, Promise<Prisma.JsonValue>>();

type RelationQuery = { include?: Record<string, unknown>; select?: Record<string, unknown> };

/** The door's tenant with the relations `query` includes, read by tenant id; null when a select-style query needs a real read. */
export async function tenantFromDoor(
  ctx: GraphQLContext,
  tenant: Tenant,
  query: RelationQuery,
): Promise<Tenant | null> {
  if (query.select) return null;
  const control = ctx.services.clients.control();
  const relations = Object.entries(query.include ?? {});
  const loaded = await Promise.all(
    relations.map(async ([name, args]) => {
      const rest = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
      const where = { ...(rest.where as object | undefined), tenantId: tenant.id };
      const find = { ...rest, where } as never;
      switch (name) {
        case 'domains':
          return [name, await control.tenantDomain.findMany(find)] as const;
        case 'members':
          return [name, await control.tenantMember.findMany(find)] as const;
        case 'tenantSettings':
          return [name, await control.tenantSetting.findMany(find)] as const;
        case 'usageLogs':
          return [name, await control.tenantUsageLog.findMany(find)] as const;
        default:
          return null;
      }
    }),
  );
  if (loaded.includes(null)) return null;
  const row = { ...tenant, ...Object.fromEntries(loaded as [string, unknown][]) } as Tenant;
  fromDoor.add(row);
  return row;
}

/** tenants.usage as stored now: the row's own, unless the row came from the door's cache. */
export function usageOf(ctx: GraphQLContext, tenant: Tenant): Promise<Prisma.JsonValue> | Prisma.JsonValue {
  if (!fromDoor.has(tenant)) return tenant.usage;
  let usage = freshUsage.get(ctx);
  if (!usage) {
    usage = ctx.services.clients
      .control()
      .tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { usage: true } })
      .then((row) => row.usage);
    freshUsage.set(ctx, usage);
  }
  return usage;
}
