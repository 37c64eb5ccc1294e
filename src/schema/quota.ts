import { builder } from './builder.js';

export interface QuotaShape {
  users: number;
  storageGb: number;
  apiCallsPerMonth: number;
}

/** The original design's defaults, used when a key is missing from the jsonb column. */
const DEFAULTS: Record<'limits' | 'usage', QuotaShape> = {
  limits: { users: 100, storageGb: 10, apiCallsPerMonth: 10_000 },
  usage: { users: 0, storageGb: 0, apiCallsPerMonth: 0 },
};

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Reads tenants.limits / tenants.usage ({ users, storage_gb, api_calls_per_month }). */
export function quotaOf(json: unknown, kind: 'limits' | 'usage'): QuotaShape {
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const d = DEFAULTS[kind];
  return { users: num(o.users, d.users), storageGb: num(o.storage_gb, d.storageGb), apiCallsPerMonth: num(o.api_calls_per_month, d.apiCallsPerMonth) };
}

export const Quota = builder.objectRef<QuotaShape>('TenantQuota').implement({
  description: 'Users, storage and API calls: used for both limits and usage.',
  fields: (t) => ({
    users: t.exposeInt('users', { description: 'Members (usage: active members).' }),
    storageGb: t.exposeFloat('storageGb', { description: 'Storage in GB (usage: size of the tenant schema).' }),
    apiCallsPerMonth: t.exposeInt('apiCallsPerMonth', { description: 'GraphQL requests this calendar month (UTC).' }),
  }),
});

export const QuotaInput = builder.inputType('TenantLimitsInput', {
  description: 'Limits to set; omitted keys keep their value.',
  fields: (t) => ({
    users: t.int({ required: false, description: 'Maximum members (≥ 0).' }),
    storageGb: t.float({ required: false, description: 'Maximum storage in GB (≥ 0).' }),
    apiCallsPerMonth: t.int({ required: false, description: 'Maximum GraphQL requests per month (≥ 0).' }),
  }),
});

/** GraphQL limits input → the jsonb keys (the provisioner validates the values). */
export function limitsPatch(input: { users?: number | null; storageGb?: number | null; apiCallsPerMonth?: number | null } | null | undefined) {
  if (!input) return undefined;
  const patch: Partial<{ users: number; storage_gb: number; api_calls_per_month: number }> = {};
  if (input.users != null) patch.users = input.users;
  if (input.storageGb != null) patch.storage_gb = input.storageGb;
  if (input.apiCallsPerMonth != null) patch.api_calls_per_month = input.apiCallsPerMonth;
  return patch;
}
