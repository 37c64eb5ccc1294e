// THE one place that says which Prisma model lives where. Control-plane models are read through the
// `public` client; tenant models only ever through the client of the tenant's own schema.
import { Prisma } from '../generated/prisma/client.js';

export const CONTROL_MODELS = [
  'Tenant',
  'TenantDomain',
  'Account',
  'TenantMember',
  'TenantSetting',
  'TenantUsageLog',
] as const;
export const TENANT_MODELS = ['User', 'Session', 'AuditLog'] as const;

export type ControlModel = (typeof CONTROL_MODELS)[number];
export type TenantModel = (typeof TENANT_MODELS)[number];

/** Prisma's delegate property for a model: `AuditLog` → `auditLog`. */
export const delegateName = (model: string) => model[0]!.toLowerCase() + model.slice(1);

export const CONTROL_DELEGATES: ReadonlySet<string> = new Set(CONTROL_MODELS.map(delegateName));
export const TENANT_DELEGATES: ReadonlySet<string> = new Set(TENANT_MODELS.map(delegateName));

// A model added to schema.prisma without being classified here fails at start-up, not in production.
const unclassified = Object.keys(Prisma.ModelName).filter(
  (m) => !(CONTROL_MODELS as readonly string[]).includes(m) && !(TENANT_MODELS as readonly string[]).includes(m),
);
if (unclassified.length) throw new Error(`model-kinds.ts does not classify: ${unclassified.join(', ')}`);
