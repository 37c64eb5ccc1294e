import type { Quota } from '../control-plane/usage-math.js';
import { builder } from './builder.js';

export type QuotaShape = Quota;

export const QuotaType = builder.objectRef<QuotaShape>('TenantQuota').implement({
  description: 'Users, storage and API calls: used for both limits and usage.',
  fields: (t) => ({
    users: t.exposeInt('users', {
      description: 'Members (usage: seats, i.e. active members, invited or accepted; the seat check counts the same).',
    }),
    storageGb: t.exposeFloat('storageGb', {
      description: 'Storage in GB (usage: size of the tenant schema and of its backups).',
    }),
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
export function limitsPatch(
  input: { users?: number | null; storageGb?: number | null; apiCallsPerMonth?: number | null } | null | undefined,
) {
  if (!input) return undefined;
  const patch: Partial<{ users: number; storage_gb: number; api_calls_per_month: number }> = {};
  if (input.users != null) patch.users = input.users;
  if (input.storageGb != null) patch.storage_gb = input.storageGb;
  if (input.apiCallsPerMonth != null) patch.api_calls_per_month = input.apiCallsPerMonth;
  return patch;
}
