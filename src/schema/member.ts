// Members of a tenant (platform accounts with a role), invitations, and `me`.
import type { GraphQLContext } from '../context.js';
import { NotFoundError, UnauthenticatedError } from '../errors.js';
import { isUuid, targetTenant, viewerRole, type MemberRole as Role } from './access.js';
import { viewerActor } from '../control-plane/audit.js';
import type { MemberActor } from '../control-plane/member-service.js';
import { builder } from './builder.js';
import { withIdCursor } from './cursor.js';
import { MemberRole, MemberStatus } from './enums.js';
import { MEMBER_ROLES, MEMBER_STATUSES, stored } from '../vocabulary.js';

builder.prismaObject('Account', {
  description: 'A platform identity (one per email), member of any number of tenants.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Account id.' }),
    email: t.exposeString('email', { description: 'Email address (unique, case-insensitive).' }),
    name: t.exposeString('name', { nullable: true, description: 'Display name.' }),
  }),
});

builder.prismaObject('TenantMember', {
  description: "An account's membership of a tenant. It counts only while ACTIVE and accepted.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Membership id.' }),
    role: t.field({
      type: MemberRole,
      description: 'Role within the tenant.',
      resolve: (m) => stored(MEMBER_ROLES, m.role),
    }),
    status: t.field({
      type: MemberStatus,
      description: 'Whether the membership is in force.',
      resolve: (m) => stored(MEMBER_STATUSES, m.status),
    }),
    permissions: t.expose('permissions', { type: 'JSON', description: 'Free-form extra permissions (object).' }),
    invitedAt: t.expose('invitedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the invitation was sent.',
    }),
    acceptedAt: t.expose('acceptedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was accepted; null = pending.',
    }),
    lastActiveAt: t.expose('lastActiveAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Last request on the tenant (updated at most every few minutes).',
    }),
    user: t.relation('user', { description: "The member's account." }),
    tenant: t.relation('tenant', { description: 'The tenant.' }),
  }),
});

const MeRef = builder.objectRef<{ accountId: string }>('Me').implement({
  description: 'The signed-in account and its memberships.',
  fields: (t) => ({
    account: t.prismaField({
      type: 'Account',
      description: 'The account.',
      resolve: (query, me, _args, ctx) =>
        ctx.services.clients.control().account.findUniqueOrThrow({ ...query, where: { id: me.accountId } }),
    }),
    memberships: t.prismaField({
      type: ['TenantMember'],
      description: 'Every membership of the account, pending ones included.',
      resolve: (query, me, _args, ctx) =>
        ctx.services.clients
          .control()
          .tenantMember.findMany({ ...query, where: { userId: me.accountId }, orderBy: { insertedAt: 'asc' } }),
    }),
  }),
});

/** The viewer as the actor of a membership change: who (for the audit entry) and with which role. */
async function actorOn(ctx: GraphQLContext, tenantId: string): Promise<MemberActor> {
  const role = await viewerRole(ctx, tenantId);
  if (!role || !ctx.viewer) throw new UnauthenticatedError();
  return { ...viewerActor(ctx), accountId: ctx.viewer.accountId, role };
}

/** A member by id; NOT_FOUND when unknown, malformed, or removed since the scope check (a double click). */
async function memberById(ctx: GraphQLContext, id: string) {
  const member = isUuid(id) ? await ctx.services.clients.control().tenantMember.findUnique({ where: { id } }) : null;
  if (!member) throw new NotFoundError('Member');
  return member;
}

async function memberAdmins(ctx: GraphQLContext, id: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const member = await memberById(ctx, id);
  return { tenantRole: { tenantId: member.tenantId, role: 'admin' as const } };
}

builder.queryFields((t) => ({
  me: t.field({
    type: MeRef,
    description: 'The signed-in account (requires a token).',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ({ accountId: ctx.viewer!.accountId }),
  }),
  members: t.prismaConnection(
    {
      type: 'TenantMember',
      cursor: 'id',
      description: 'Members of a tenant, oldest first (any member may read).',
      args: {
        tenantId: t.arg.id({ required: false }),
        role: t.arg({ type: MemberRole, required: false }),
        status: t.arg({ type: MemberStatus, required: false }),
      },
      authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'viewer' as const } }),
      resolve: async (query, _root, args, ctx) => {
        const tenant = await targetTenant(ctx, args.tenantId);
        return ctx.services.clients.control().tenantMember.findMany({
          ...withIdCursor(query),
          where: memberFilter(tenant.id, args),
          orderBy: [{ insertedAt: 'asc' }, { id: 'asc' }],
        });
      },
      totalCount: async (_parent, args, ctx) =>
        ctx.services.clients
          .control()
          .tenantMember.count({ where: memberFilter((await targetTenant(ctx, args.tenantId)).id, args) }),
    },
    { description: 'A page of members.' },
    { description: 'A member in a page.' },
  ),
}));

function memberFilter(tenantId: string, args: { role?: string | null; status?: string | null }) {
  return { tenantId, ...(args.role ? { role: args.role } : {}), ...(args.status ? { status: args.status } : {}) };
}

builder.mutationFields((t) => ({
  inviteMember: t.prismaField({
    type: 'TenantMember',
    description:
      'Invites an account by email (created when new). Counts toward limits.users; admins cannot invite owners.',
    args: {
      tenantId: t.arg.id({ required: false }),
      email: t.arg.string({ required: true }),
      role: t.arg({ type: MemberRole, required: true }),
    },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'admin' as const } }),
    resolve: async (_query, _root, args, ctx) => {
      const tenant = await targetTenant(ctx, args.tenantId);
      return ctx.services.members.invite(tenant, args.email, args.role as Role, await actorOn(ctx, tenant.id));
    },
  }),
  acceptInvitation: t.prismaField({
    type: 'TenantMember',
    description: "Accepts the signed-in account's invitation to the tenant.",
    args: { tenantId: t.arg.id({ required: false }) },
    authScopes: { authenticated: true },
    resolve: async (_query, _root, args, ctx) => {
      const tenant = await targetTenant(ctx, args.tenantId);
      return ctx.services.members.accept(tenant, { ...viewerActor(ctx), accountId: ctx.viewer!.accountId });
    },
  }),
  updateMember: t.prismaField({
    type: 'TenantMember',
    description:
      'Changes role, status or permissions. Only owners touch owners; the last active owner cannot be demoted or deactivated.',
    args: {
      id: t.arg.id({ required: true }),
      role: t.arg({ type: MemberRole, required: false }),
      status: t.arg({ type: MemberStatus, required: false }),
      permissions: t.arg({ type: 'JSON', required: false }),
    },
    authScopes: (_root, args, ctx) => memberAdmins(ctx, args.id),
    resolve: async (_query, _root, args, ctx) => {
      const current = await memberById(ctx, args.id);
      const tenant = await targetTenant(ctx, current.tenantId);
      const patch = { role: args.role as Role | null, status: args.status, permissions: args.permissions };
      return ctx.services.members.update(tenant, args.id, patch, await actorOn(ctx, tenant.id));
    },
  }),
  removeMember: t.boolean({
    description: 'Removes a member. Only owners remove owners; the last active owner cannot be removed.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: (_root, args, ctx) => memberAdmins(ctx, args.id),
    resolve: async (_root, args, ctx) => {
      const current = await memberById(ctx, args.id);
      const tenant = await targetTenant(ctx, current.tenantId);
      await ctx.services.members.remove(tenant, args.id, await actorOn(ctx, tenant.id));
      return true;
    },
  }),
}));
