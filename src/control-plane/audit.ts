// Audit entries live in the affected tenant's own schema (audit_logs), written through that schema's
// client — never through another tenant's. Every service that changes something (Provisioner,
// BackupService, MemberService, DomainService, SettingService, UserService, moveTenant) writes its entry itself, for
// whoever calls it (a resolver, the operator CLI), from an AuditActor: a plain value, not a GraphQL context.
import type { AuditLog, Tenant } from '../generated/prisma/client.js';
import type { ClientCache } from '../tenancy/client-cache.js';

/** The tenant a service changes and audits in: its id, and the schema its audit log lives in. */
export type AuditedTenant = Pick<Tenant, 'id' | 'schemaName'>;

const SECRET_KEYS = /token|secret|password|value|ciphertext|certificate/i;

/**
 * Who made a change, as a plain value (no GraphQL context): an account (a signed-in viewer; label is
 * its email) or an operator (the CLI; label names the person, e.g. the OS user or --actor).
 */
export interface AuditActor {
  accountId: string | null;
  kind: 'account' | 'operator';
  label?: string;
  /** The request the change came from, for correlation with the logs. */
  requestId?: string;
}

/** Drops anything that could carry a secret, so the audit log can be shown to admins. */
export function scrubAuditMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata).filter(([k, v]) => !SECRET_KEYS.test(k) && v !== undefined));
}

/** The signed-in viewer of a GraphQL request as an actor. */
export function viewerActor(ctx: {
  viewer: { accountId: string; email: string } | null;
  requestId: string;
}): AuditActor {
  return {
    accountId: ctx.viewer?.accountId ?? null,
    kind: 'account',
    label: ctx.viewer?.email,
    requestId: ctx.requestId,
  };
}

/**
 * One entry in the tenant's audit_logs. The actor goes into actorId and the metadata: requestId and
 * actorEmail for an account, operator for an operator.
 */
export async function recordAudit(
  clients: Pick<ClientCache, 'forSchema'>,
  tenant: { schemaName: string },
  actor: AuditActor,
  action: string,
  targetType: string | null,
  targetId: string | null,
  metadata: Record<string, unknown> = {},
): Promise<AuditLog> {
  const who = actor.kind === 'account' ? { actorEmail: actor.label } : { operator: actor.label };
  return clients.forSchema(tenant.schemaName).auditLog.create({
    data: {
      actorId: actor.accountId,
      action,
      targetType,
      targetId,
      metadata: scrubAuditMetadata({ ...metadata, requestId: actor.requestId, ...who }) as object,
    },
  });
}
