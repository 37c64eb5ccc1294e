// A tenant's audit log as the tests read it: straight from its schema (under whatever name the
// schema has now), oldest first.
import { quoteIdent } from '../../src/tenancy/names.js';
import type { TestGateway } from './gateway.js';

export interface AuditEntry {
  action: string;
  targetType: string | null;
  targetId: string | null;
  actorId: string | null;
  metadata: Record<string, unknown>;
}

/** Every entry of the tenant's audit log, oldest first; only those of `action` when given. */
export async function auditEntries(gw: TestGateway, tenantId: string, action?: string): Promise<AuditEntry[]> {
  const pool = gw.db.pool;
  const {
    rows: [tenant],
  } = await pool.query<{ schema_name: string }>('SELECT schema_name FROM public.tenants WHERE id = $1', [tenantId]);
  const { rows } = await pool.query<AuditEntry>(
    `SELECT action, target_type AS "targetType", target_id AS "targetId", actor_id AS "actorId", metadata
       FROM ${quoteIdent(tenant!.schema_name)}.audit_logs WHERE $1::text IS NULL OR action = $1 ORDER BY inserted_at, id`,
    [action ?? null],
  );
  return rows;
}
