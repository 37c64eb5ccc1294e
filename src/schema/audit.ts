// The tenant's audit log, read from the tenant's own schema.
import { builder } from './builder.js';
import { withIdCursor } from './cursor.js';

builder.prismaObject('AuditLog', {
  description: "One audited change, stored in the affected tenant's schema.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Entry id.' }),
    action: t.exposeString('action', { description: 'What happened, e.g. member.invite.' }),
    actorId: t.exposeString('actorId', { nullable: true, description: 'Account that did it (null for the system).' }),
    targetType: t.exposeString('targetType', { nullable: true, description: 'Kind of object changed.' }),
    targetId: t.exposeString('targetId', { nullable: true, description: 'Id of the object changed.' }),
    metadata: t.expose('metadata', { type: 'JSON', description: 'Details (never secrets).' }),
    insertedAt: t.expose('insertedAt', { type: 'DateTime', description: 'When.' }),
  }),
});

builder.queryFields((t) => ({
  auditLogs: t.prismaConnection(
    {
      type: 'AuditLog',
      cursor: 'id',
      description: "Audit log of the host's tenant, newest first (admins, owners, system admins; tenant host only).",
      authScopes: { tenantRole: { role: 'admin' } },
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.auditLog.findMany({ ...withIdCursor(query), orderBy: [{ insertedAt: 'desc' }, { id: 'desc' }] }),
      totalCount: (_parent, _args, ctx) => ctx.prisma.auditLog.count(),
    },
    { description: 'A page of audit entries.' },
    { description: 'An audit entry in a page.' },
  ),
}));
