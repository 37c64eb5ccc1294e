// A tenant whose schema a restore is swapping in: the door answers TENANT_NOT_READY meanwhile. The mark
// lives in the tenant row's metadata (set and cleared by tenancy/lifecycle/backup-service.ts), so every
// gateway sees it; a mark older than RESTORING_MARK_SECONDS is a crashed restore's and is ignored.
import type { Tenant } from '../generated/prisma/client.js';

export const RESTORING_MARK_SECONDS = 60;
export const RESTORE_RETRY_AFTER_SECONDS = 1;

export function isRestoring(tenant: Pick<Tenant, 'metadata'>, now = Date.now()): boolean {
  const at = (tenant.metadata as Record<string, unknown> | null)?.restoring_at;
  if (typeof at !== 'string') return false;
  const t = Date.parse(at);
  return Number.isFinite(t) && now - t < RESTORING_MARK_SECONDS * 1000;
}
