// Moving a tenant between Citus nodes: looks the tenant up, refuses one still being provisioned,
// and moves its distributed schema with citus_schema_move (logical replication: the tenant keeps
// serving reads and writes during the copy; the switch-over takes a short lock). Runs on the direct
// pool (DATABASE_DIRECT_URL when there is a pooler): it is DDL and holds its session for the move.
// The move is audited in the tenant's schema for the actor passed in (the API and the CLI alike).
import type pg from 'pg';
import { recordAudit, type AuditActor } from '../../control-plane/audit.js';
import type { ClientCache } from '../client-cache.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { moveTenantSchema, type TenantPlacement } from '../../db/citus.js';
import { isUuid } from '../../vocabulary.js';
import { findTenantRef } from '../../control-plane/stores/tenants-store.js';

export interface TenantMove {
  tenantId: string;
  slug: string;
  schemaName: string;
  from: TenantPlacement;
  to: TenantPlacement;
  durationMs: number;
}

export interface MoveDeps {
  /** The DDL pool (ddlPool). */
  pool: pg.Pool;
  clients: Pick<ClientCache, 'forSchema'>;
}

/** `ref`: the tenant's id or slug. */
export async function moveTenant(
  { pool, clients }: MoveDeps,
  ref: string,
  node: string,
  actor: AuditActor,
): Promise<TenantMove> {
  const byId = isUuid(ref);
  const tenant = await findTenantRef(pool, byId ? { id: ref } : { slug: String(ref).slice(0, 100) });
  if (!tenant) throw new NotFoundError('Tenant');
  if (tenant.status === 'pending') throw new ConflictError(`Tenant "${tenant.slug}" is still being provisioned.`);
  const started = performance.now();
  const { from, to } = await moveTenantSchema(pool, tenant.schema_name, node);
  await recordAudit(clients, { schemaName: tenant.schema_name }, actor, 'tenant.move', 'tenant', tenant.id, {
    from: from.node,
    to: to.node,
  });
  return {
    tenantId: tenant.id,
    slug: tenant.slug,
    schemaName: tenant.schema_name,
    from,
    to,
    durationMs: Math.round(performance.now() - started),
  };
}
