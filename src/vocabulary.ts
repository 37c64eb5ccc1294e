// The words the control plane stores and checks: ids, the values of its enum-like columns, member
// roles and their ranks, the default limits. Each list is the one the column's CHECK constraint
// names (prisma/sql/); the GraphQL enums (schema/enums.ts), the input validators and the CLI read
// these lists, so a value is spelled once.

/** Row ids are UUIDs; anything else is simply not found (never sent to Postgres to fail a cast). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** tenants.status */
export const TENANT_STATUSES = ['pending', 'active', 'suspended', 'archived'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/** tenants.plan */
export const TENANT_PLANS = ['basic', 'professional', 'enterprise'] as const;
export type TenantPlan = (typeof TENANT_PLANS)[number];

/** tenant_users.role, lowest rank last. */
export const MEMBER_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** tenant_users.status: only 'active' takes a seat and grants a role. */
export const MEMBER_STATUSES = ['active', 'inactive', 'suspended'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** tenant_settings.category */
export const SETTING_CATEGORIES = ['general', 'security', 'billing', 'notifications', 'branding'] as const;
export type SettingCategory = (typeof SETTING_CATEGORIES)[number];

/** tenant_settings.type: what the stored text decodes to. */
export const SETTING_TYPES = ['string', 'integer', 'boolean', 'json'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

/** tenant_usage_logs.metric */
export const USAGE_METRICS = ['api_calls', 'storage', 'users', 'bandwidth'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** tenant_usage_logs.period */
export const USAGE_PERIODS = ['hourly', 'daily', 'monthly'] as const;
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

/** tenant_backups.kind: 'pre-restore' is the schema a restore replaced. */
export const BACKUP_KINDS = ['manual', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/**
 * A value read from one of the columns above, typed as its list. The column's CHECK constraint
 * already holds it to the list, so this narrows the type only (no check, no cost).
 */
export function stored<const L extends readonly string[]>(_list: L, value: string): L[number] {
  return value as L[number];
}

/** Whether `value` is one of `list` (for input that did not come from a constrained column). */
export function isOneOf<const L extends readonly string[]>(list: L, value: unknown): value is L[number] {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** tenants.limits keys, as stored (jsonb). */
export const LIMIT_KEYS = ['users', 'storage_gb', 'api_calls_per_month'] as const;
export type Limits = Record<(typeof LIMIT_KEYS)[number], number>;

/** The column default of tenants.limits (prisma/sql/0001): what a tenant gets for a key it was not given. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  users: 100,
  storage_gb: 10,
  api_calls_per_month: 10_000,
});

/**
 * The limit keys of a stored limits object (what a clone or an import carries over), values as they
 * are: the provisioner validates them like any other input.
 */
export function limitsOf(json: unknown): Partial<Limits> {
  const object = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  return Object.fromEntries(
    Object.entries(object).filter(([k]) => (LIMIT_KEYS as readonly string[]).includes(k)),
  ) as Partial<Limits>;
}

const RANK: Record<MemberRole, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

export function roleAtLeast(role: string, minimum: MemberRole): boolean {
  return (RANK[role as MemberRole] ?? 0) >= RANK[minimum];
}
