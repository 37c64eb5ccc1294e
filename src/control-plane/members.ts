// Tenant membership rules (docs/ARCHITECTURE.md "Roles"): admins manage members but not owners; a tenant always
// keeps an active owner; invitations count toward limits.users. Each change runs in a transaction that
// locks the tenant row, so two concurrent changes cannot both take the last seat or the last owner.
import { z } from 'zod';
import type { PrismaClient, TenantMember } from '../generated/prisma/client.js';
import { BadUserInputError, ConflictError, ForbiddenError, LimitExceededError, NotFoundError } from '../errors.js';
import { DEFAULT_LIMITS, type MemberRole, type MemberStatus } from '../vocabulary.js';
import { insertAccountIfMissing } from './stores/members-store.js';
import { lockTenant } from './stores/tenants-store.js';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Who is acting: a system admin, or a member with a role on this tenant. */
export interface Actor {
  accountId: string | null;
  role: MemberRole | 'system_admin';
}

const emailSchema = z.string().trim().toLowerCase().max(320).email();

export function normalizeEmail(input: string): string {
  const parsed = emailSchema.safeParse(input);
  if (!parsed.success)
    throw new BadUserInputError(`"${input.slice(0, 100)}" is not a valid email address`, { field: 'email' });
  return parsed.data;
}

const canManageOwners = (actor: Actor) => actor.role === 'system_admin' || actor.role === 'owner';

/** An active membership takes a seat: refuses one more past limits.users. */
async function assertSeatFree(tx: Tx, tenantId: string, limits: unknown) {
  const maxUsers = Number((limits as { users?: unknown })?.users ?? DEFAULT_LIMITS.users);
  const seats = await tx.tenantMember.count({ where: { tenantId, status: 'active' } });
  if (Number.isFinite(maxUsers) && seats >= maxUsers) {
    throw new LimitExceededError(`This tenant has reached its limit of ${maxUsers} users.`, { limit: 'users' });
  }
}

// Prisma's upsert can run as select-then-insert: two invitations of one new email (to different
// tenants, so not serialised by the tenant lock) would then race to a unique violation. ON CONFLICT
// waits for the other insert and leaves the row as it is (the stored email keeps its case).
async function accountFor(tx: Tx, email: string): Promise<{ id: string }> {
  await insertAccountIfMissing(tx, email);
  return tx.account.findUniqueOrThrow({ where: { email }, select: { id: true } });
}

/**
 * Locks the member's tenant, then reads the member again: what was read before the lock may have been
 * changed or removed by a transaction that held it (a double click), and the rules must see the row as it is now.
 */
async function lockMember(tx: Tx, memberId: string): Promise<{ member: TenantMember; limits: unknown }> {
  const before = await tx.tenantMember.findUnique({ where: { id: memberId }, select: { tenantId: true } });
  if (!before) throw new NotFoundError('Member');
  const { limits } = await lockTenant(tx, before.tenantId);
  const member = await tx.tenantMember.findUnique({ where: { id: memberId } });
  if (!member) throw new NotFoundError('Member');
  return { member, limits };
}

async function assertAnotherOwnerRemains(tx: Tx, member: TenantMember) {
  if (member.role !== 'owner' || member.status !== 'active') return;
  const others = await tx.tenantMember.count({
    where: {
      tenantId: member.tenantId,
      role: 'owner',
      status: 'active',
      acceptedAt: { not: null },
      NOT: { id: member.id },
    },
  });
  if (others === 0)
    throw new ForbiddenError('A tenant must keep at least one active owner: make someone else owner first.');
}

export async function inviteMember(
  db: PrismaClient,
  tenantId: string,
  emailInput: string,
  role: MemberRole,
  actor: Actor,
): Promise<TenantMember> {
  const email = normalizeEmail(emailInput);
  if (role === 'owner' && !canManageOwners(actor)) throw new ForbiddenError('Only owners can invite owners.');
  return db.$transaction(async (tx) => {
    const { limits } = await lockTenant(tx, tenantId);
    // An account created here is rolled back with the transaction when the invitation is refused.
    const account = await accountFor(tx, email);
    // Checked before the limit: "already a member" is the true answer even when the tenant is full.
    const existing = await tx.tenantMember.findUnique({ where: { tenantId_userId: { tenantId, userId: account.id } } });
    if (existing) throw new ConflictError(`${email} is already a member of this tenant`, { field: 'email' });
    await assertSeatFree(tx, tenantId, limits);
    return tx.tenantMember.create({
      data: {
        tenantId,
        userId: account.id,
        role,
        status: 'active',
        invitedById: actor.accountId,
        invitedAt: new Date(),
      },
    });
  });
}

export async function acceptInvitation(db: PrismaClient, tenantId: string, accountId: string): Promise<TenantMember> {
  const member = await db.tenantMember.findUnique({ where: { tenantId_userId: { tenantId, userId: accountId } } });
  if (!member) throw new NotFoundError('Invitation');
  if (member.acceptedAt) return member;
  if (member.status !== 'active') throw new ForbiddenError(`This membership is ${member.status}.`);
  return db.tenantMember.update({ where: { id: member.id }, data: { acceptedAt: new Date() } });
}

export interface MemberPatch {
  role?: MemberRole | null;
  status?: MemberStatus | null;
  permissions?: unknown;
}

/** A member's free-form permissions object, as JSON text. */
export const MAX_PERMISSIONS_BYTES = 8 * 1024;

export async function updateMember(
  db: PrismaClient,
  memberId: string,
  patch: MemberPatch,
  actor: Actor,
): Promise<TenantMember> {
  if (patch.permissions != null && (typeof patch.permissions !== 'object' || Array.isArray(patch.permissions))) {
    throw new BadUserInputError('permissions must be a JSON object', { field: 'permissions' });
  }
  if (patch.permissions != null && Buffer.byteLength(JSON.stringify(patch.permissions)) > MAX_PERMISSIONS_BYTES) {
    throw new BadUserInputError(`permissions must be at most ${MAX_PERMISSIONS_BYTES} bytes of JSON`, {
      field: 'permissions',
    });
  }
  return db.$transaction(async (tx) => {
    const { member, limits } = await lockMember(tx, memberId);
    if (!canManageOwners(actor) && (member.role === 'owner' || patch.role === 'owner')) {
      throw new ForbiddenError('Only owners can change owners or make someone an owner.');
    }
    const demoted = patch.role != null && patch.role !== 'owner';
    const deactivated = patch.status != null && patch.status !== 'active';
    if (demoted || deactivated) await assertAnotherOwnerRemains(tx, member);
    // Suspended and inactive members free their seat; taking it back must fit the limit again.
    if (patch.status === 'active' && member.status !== 'active') await assertSeatFree(tx, member.tenantId, limits);
    return tx.tenantMember.update({
      where: { id: memberId },
      data: {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.permissions != null ? { permissions: patch.permissions as object } : {}),
      },
    });
  });
}

export async function removeMember(db: PrismaClient, memberId: string, actor: Actor): Promise<TenantMember> {
  return db.$transaction(async (tx) => {
    const { member } = await lockMember(tx, memberId);
    if (member.role === 'owner' && !canManageOwners(actor)) throw new ForbiddenError('Only owners can remove owners.');
    await assertAnotherOwnerRemains(tx, member);
    await tx.tenantMember.delete({ where: { id: memberId } });
    return member;
  });
}
