// Usage logs (hourly API-call counters and refreshed gauges) and on-demand usage refresh.
import { BadUserInputError } from '../errors.js';
import { targetTenant } from './access.js';
import { refreshStorageUsage, refreshUserUsage } from '../control-plane/usage-refresh.js';
import { builder } from './builder.js';
import { UsageMetric, UsagePeriod } from './enums.js';
import { stored, USAGE_METRICS, USAGE_PERIODS } from '../vocabulary.js';
import { TenantRef } from './tenant.js';

/** Bounds one answer; narrow the time range for more. */
export const MAX_USAGE_LOGS = 1000;

builder.prismaObject('TenantUsageLog', {
  name: 'UsageLog',
  description: 'A usage measurement for one period bucket.',
  fields: (t) => ({
    metric: t.field({
      type: UsageMetric,
      description: 'What is measured.',
      resolve: (u) => stored(USAGE_METRICS, u.metric),
    }),
    value: t.exposeFloat('value', { description: 'Amount in the bucket.' }),
    period: t.field({
      type: UsagePeriod,
      description: 'Bucket length.',
      resolve: (u) => stored(USAGE_PERIODS, u.period),
    }),
    timestamp: t.expose('timestamp', { type: 'DateTime', description: 'Start of the bucket (UTC).' }),
  }),
});

builder.queryFields((t) => ({
  usageLogs: t.prismaField({
    type: ['TenantUsageLog'],
    description:
      `Usage logs of a tenant, oldest first, at most ${MAX_USAGE_LOGS} (members). HOURLY: API calls; DAILY: storage (GB), users (seats) and API calls per day; ` +
      'MONTHLY: roll-ups (largest daily storage and users, summed API calls). Plot growth with, e.g.: ' +
      '`{ usageLogs(metric: STORAGE, period: DAILY, from: "2026-01-01T00:00:00Z", to: "2026-03-31T00:00:00Z") { timestamp value } }`.',
    args: {
      tenantId: t.arg.id({ required: false }),
      metric: t.arg({ type: UsageMetric, required: false }),
      period: t.arg({ type: UsagePeriod, required: false }),
      from: t.arg({ type: 'DateTime', required: false }),
      to: t.arg({ type: 'DateTime', required: false }),
    },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'viewer' as const } }),
    resolve: async (query, _root, args, ctx) => {
      if (args.from && args.to && args.from > args.to)
        throw new BadUserInputError('from must not be after to', { field: 'from' });
      const tenant = await targetTenant(ctx, args.tenantId);
      return ctx.services.clients.control().tenantUsageLog.findMany({
        ...query,
        where: {
          tenantId: tenant.id,
          ...(args.metric ? { metric: args.metric } : {}),
          ...(args.period ? { period: args.period } : {}),
          ...(args.from || args.to
            ? { timestamp: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lte: args.to } : {}) } }
            : {}),
        },
        orderBy: [{ timestamp: 'asc' }, { metric: 'asc' }],
        take: MAX_USAGE_LOGS,
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  refreshTenantUsage: t.field({
    type: TenantRef,
    description: 'Re-measures storage (size of the tenant schema) and users (active members) now (admins, owners).',
    args: { tenantId: t.arg.id({ required: false }) },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'admin' as const } }),
    resolve: async (_root, args, ctx) => {
      const tenant = await targetTenant(ctx, args.tenantId);
      await refreshStorageUsage(ctx.services.db.pool, tenant);
      await refreshUserUsage(ctx.services.db.pool, tenant.id);
      return ctx.services.clients.control().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    },
  }),
}));
