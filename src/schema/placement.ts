// Scale-out (Citus schema-based sharding), for system admins: where a tenant's schema lives, what it
// costs the database, moving it to another node. On one PostgreSQL server placement and cost are null.
import { ddlPool } from '../db/database.js';
import { targetTenant } from './access.js';
import { viewerActor } from '../control-plane/audit.js';
import {
  citusNodes,
  citusVersion,
  tenantCosts,
  tenantPlacement,
  type TenantCost,
  type TenantPlacement,
} from '../db/citus.js';
import { moveTenant } from '../tenancy/lifecycle/placement.js';
import { builder } from './builder.js';
import { TenantRef } from './tenant.js';

const Placement = builder.objectRef<TenantPlacement>('TenantPlacement').implement({
  description: "Where a tenant's distributed schema lives on a Citus cluster.",
  fields: (t) => ({
    node: t.exposeString('node', { description: "host:port of the node holding the schema's tables." }),
    sizeBytes: t.float({
      description: "Bytes of the tenant's tables (with indexes) on that node.",
      resolve: (p) => p.sizeBytes,
    }),
  }),
});

const Cost = builder.objectRef<TenantCost>('TenantDatabaseCost').implement({
  description:
    'Database work done for one tenant, from Citus tenant statistics (citus_stat_tenants), per period (citus.stat_tenants_period).',
  fields: (t) => ({
    schemaName: t.exposeString('schemaName', { description: "The tenant's schema." }),
    queriesThisPeriod: t.exposeInt('queriesThisPeriod', { description: 'Queries in the current period.' }),
    queriesLastPeriod: t.exposeInt('queriesLastPeriod', { description: 'Queries in the previous period.' }),
    readsThisPeriod: t.exposeInt('readsThisPeriod', { description: 'Read queries in the current period.' }),
    cpuSecondsThisPeriod: t.exposeFloat('cpuSecondsThisPeriod', {
      description: 'CPU seconds spent in the current period.',
    }),
    cpuSecondsLastPeriod: t.exposeFloat('cpuSecondsLastPeriod', {
      description: 'CPU seconds spent in the previous period.',
    }),
  }),
});

const Move = builder
  .objectRef<{ tenantId: string; from: TenantPlacement; to: TenantPlacement; durationMs: number }>('TenantMove')
  .implement({
    description: "A finished move of a tenant's schema between Citus nodes.",
    fields: (t) => ({
      from: t.field({ type: Placement, description: 'Placement before the move.', resolve: (m) => m.from }),
      to: t.field({ type: Placement, description: 'Placement after the move.', resolve: (m) => m.to }),
      durationMs: t.exposeInt('durationMs', { description: 'How long the move took.' }),
    }),
  });

builder.objectFields(TenantRef, (t) => ({
  placement: t.field({
    type: Placement,
    nullable: true,
    authScopes: { systemAdmin: true },
    description: "Citus node and size of the tenant's schema (system admins); null on one PostgreSQL server.",
    resolve: (tenant, _args, ctx) => tenantPlacement(ctx.services.db.pool, tenant.schemaName),
  }),
  databaseCost: t.field({
    type: Cost,
    nullable: true,
    authScopes: { systemAdmin: true },
    description:
      'Queries and CPU time of the tenant on Citus (system admins); null without Citus or before its first query.',
    resolve: async (tenant, _args, ctx) => (await tenantCosts(ctx.services.db.pool, [tenant.schemaName]))?.[0] ?? null,
  }),
}));

builder.queryFields((t) => ({
  databaseNodes: t.stringList({
    authScopes: { systemAdmin: true },
    description:
      'host:port of the Citus nodes that can hold tenant schemas (system admins); empty on one PostgreSQL server.',
    resolve: async (_root, _args, ctx) => {
      return (await citusVersion(ctx.services.db.pool))
        ? (await citusNodes(ctx.services.db.pool)).map((n) => n.node)
        : [];
    },
  }),
  tenantDatabaseCosts: t.field({
    type: [Cost],
    authScopes: { systemAdmin: true },
    description: "Every tenant's database cost on Citus, most CPU first (system admins); empty without Citus.",
    resolve: async (_root, _args, ctx) => (await tenantCosts(ctx.services.db.pool)) ?? [],
  }),
}));

builder.mutationFields((t) => ({
  moveTenant: t.field({
    type: Move,
    description:
      "Moves the tenant's schema to another Citus node (host:port) while it keeps serving reads and writes (system admins).",
    args: { id: t.arg.id({ required: true }), node: t.arg.string({ required: true }) },
    authScopes: { systemAdmin: true },
    resolve: async (_root, { id, node }, ctx) => {
      const tenant = await targetTenant(ctx, id);
      return moveTenant(
        { pool: ddlPool(ctx.services.db), clients: ctx.services.clients },
        tenant.id,
        node,
        viewerActor(ctx),
      );
    },
  }),
}));
