// GraphQL enums are upper-case; the database stores the original design's lower-case values.
// Each enum value carries its database value, so resolvers pass rows through unchanged.
import {
  MEMBER_ROLES,
  MEMBER_STATUSES,
  SETTING_CATEGORIES,
  SETTING_TYPES,
  TENANT_PLANS,
  TENANT_STATUSES,
  USAGE_METRICS,
  USAGE_PERIODS,
} from '../vocabulary.js';
import { builder } from './builder.js';

function dbEnum<const V extends string>(name: string, description: string, values: readonly V[]) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as Record<
      Uppercase<V>,
      { value: V }
    >,
  });
}

export const TenantStatus = dbEnum('TenantStatus', 'Lifecycle state of a tenant.', TENANT_STATUSES);
export const TenantPlan = dbEnum('TenantPlan', 'Billing plan of a tenant.', TENANT_PLANS);
export const MemberRole = dbEnum('MemberRole', 'Role of a member within a tenant.', MEMBER_ROLES);
export const MemberStatus = dbEnum('MemberStatus', 'Whether a membership is in force.', MEMBER_STATUSES);
export const SettingCategory = dbEnum('SettingCategory', 'Group a tenant setting belongs to.', SETTING_CATEGORIES);
export const SettingType = dbEnum('SettingType', 'Type a setting value is validated against.', SETTING_TYPES);
export const UsageMetric = dbEnum('UsageMetric', 'What a usage log entry measures.', USAGE_METRICS);
export const UsagePeriod = dbEnum('UsagePeriod', 'Bucket length of a usage log entry.', USAGE_PERIODS);

export const TenantOrder = builder.enumType('TenantOrder', {
  description: 'Sort order for the tenants list.',
  values: ['INSERTED_AT_ASC', 'INSERTED_AT_DESC', 'NAME_ASC', 'NAME_DESC'] as const,
});

/** Prisma orderBy of a TenantOrder; id breaks ties so pages never overlap. */
export function tenantOrderBy(
  order: 'INSERTED_AT_ASC' | 'INSERTED_AT_DESC' | 'NAME_ASC' | 'NAME_DESC' | null | undefined,
) {
  switch (order ?? 'INSERTED_AT_ASC') {
    case 'INSERTED_AT_DESC':
      return [{ insertedAt: 'desc' as const }, { id: 'desc' as const }];
    case 'NAME_ASC':
      return [{ name: 'asc' as const }, { id: 'asc' as const }];
    case 'NAME_DESC':
      return [{ name: 'desc' as const }, { id: 'desc' as const }];
    default:
      return [{ insertedAt: 'asc' as const }, { id: 'asc' as const }];
  }
}
