// Audit entries live in the affected tenant's own schema (audit_logs), written through that schema's
// client — never through another tenant's.
import type { GraphQLContext } from '../context.js';
import type { AuditLog } from '../generated/prisma/client.js';

const SECRET_KEYS = /token|secret|password|value|ciphertext|certificate/i;

/** Drops anything that could carry a secret, so the audit log can be shown to admins. */
export function scrubAuditMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata).filter(([k, v]) => !SECRET_KEYS.test(k) && v !== undefined));
}

export async function writeAudit(
  ctx: Pick<GraphQLContext, 'services' | 'viewer' | 'requestId'>,
  tenant: { schemaName: string },
  action: string,
  targetType: string | null,
  targetId: string | null,
  metadata: Record<string, unknown> = {},
): Promise<AuditLog> {
  return ctx.services.clients.forSchema(tenant.schemaName).auditLog.create({
    data: {
      actorId: ctx.viewer?.accountId ?? null,
      action,
      targetType,
      targetId,
      metadata: scrubAuditMetadata({ ...metadata, requestId: ctx.requestId, actorEmail: ctx.viewer?.email }) as object,
    },
  });
}
