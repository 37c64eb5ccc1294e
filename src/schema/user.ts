// The tenant's own users, read and written in the tenant's schema (through ctx.prisma, which binds
// tenant models to the host's tenant and fails closed without one).
import { targetTenant } from './access.js';
import { viewerActor } from '../control-plane/audit.js';
import { builder } from './builder.js';
import { withIdCursor } from './cursor.js';
import { MAX_USER_NAME_LENGTH } from '../tenant-data/user-service.js';

builder.prismaObject('User', {
  description: "A user of the tenant's product, stored in the tenant's own schema.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'User id.' }),
    email: t.exposeString('email', { description: 'Email (unique within the tenant, case-insensitive).' }),
    name: t.exposeString('name', { nullable: true, description: 'Display name.' }),
    insertedAt: t.expose('insertedAt', { type: 'DateTime', description: 'Created at.' }),
  }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  description: 'A new user of the tenant.',
  fields: (t) => ({
    email: t.string({ required: true }),
    name: t.string({ required: false, description: `At most ${MAX_USER_NAME_LENGTH} characters.` }),
  }),
});

builder.queryFields((t) => ({
  users: t.prismaConnection(
    {
      type: 'User',
      cursor: 'id',
      description: "Users of the host's tenant, oldest first (members; tenant host only).",
      authScopes: { tenantRole: { role: 'viewer' } },
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.user.findMany({ ...withIdCursor(query), orderBy: [{ insertedAt: 'asc' }, { id: 'asc' }] }),
      totalCount: (_parent, _args, ctx) => ctx.prisma.user.count(),
    },
    { description: 'A page of users.' },
    { description: 'A user in a page.' },
  ),
}));

builder.mutationFields((t) => ({
  createUser: t.prismaField({
    type: 'User',
    description: "Creates a user in the host's tenant (members and above; viewers never write).",
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    authScopes: { tenantRole: { role: 'member' } },
    resolve: async (query, _root, { input }, ctx) =>
      ctx.services.users.create(await targetTenant(ctx), input, viewerActor(ctx), query),
  }),
}));
