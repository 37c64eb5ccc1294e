// Membership changes with their side effects, the same for every caller: the seat count is refreshed
// (an invitation takes a seat, limits.ts), every gateway drops the tenant's cached memberships (the
// ChangeBus), and the change is audited in the tenant's schema for the actor passed in.
import type pg from 'pg';
import type { TenantMember } from '../generated/prisma/client.js';
import type { ChangeBus } from '../tenancy/changes.js';
import type { ClientCache } from '../tenancy/client-cache.js';
import type { MemberRole } from '../vocabulary.js';
import { recordAudit, type AuditActor, type AuditedTenant } from './audit.js';
import { acceptInvitation, inviteMember, removeMember, updateMember, type Actor, type MemberPatch } from './members.js';
import { refreshUserUsage } from './usage-refresh.js';

/** Who acts, for the audit entry, and with which role on the tenant, for the membership rules. */
export type MemberActor = AuditActor & Actor;

export interface MemberServiceDeps {
  clients: Pick<ClientCache, 'control' | 'forSchema'>;
  pool: pg.Pool;
  changes: Pick<ChangeBus, 'publish'>;
}

export class MemberService {
  constructor(private readonly deps: MemberServiceDeps) {}

  async invite(tenant: AuditedTenant, email: string, role: MemberRole, actor: MemberActor): Promise<TenantMember> {
    const member = await inviteMember(this.deps.clients.control(), tenant.id, email, role, actor);
    await this.#changed(tenant, actor, 'member.invite', member.id, { userId: member.userId, role: member.role });
    return member;
  }

  async accept(tenant: AuditedTenant, actor: AuditActor & { accountId: string }): Promise<TenantMember> {
    const member = await acceptInvitation(this.deps.clients.control(), tenant.id, actor.accountId);
    await this.#changed(tenant, actor, 'member.accept', member.id);
    return member;
  }

  async update(tenant: AuditedTenant, memberId: string, patch: MemberPatch, actor: MemberActor): Promise<TenantMember> {
    const member = await updateMember(this.deps.clients.control(), memberId, patch, actor);
    await this.#changed(tenant, actor, 'member.update', member.id, { role: patch.role, status: patch.status });
    return member;
  }

  async remove(tenant: AuditedTenant, memberId: string, actor: MemberActor): Promise<TenantMember> {
    const removed = await removeMember(this.deps.clients.control(), memberId, actor);
    await this.#changed(tenant, actor, 'member.remove', removed.id, { userId: removed.userId });
    return removed;
  }

  async #changed(
    tenant: AuditedTenant,
    actor: AuditActor,
    action: string,
    memberId: string,
    metadata: Record<string, unknown> = {},
  ): Promise<void> {
    await refreshUserUsage(this.deps.pool, tenant.id);
    await this.deps.changes.publish({ kind: 'member', tenantId: tenant.id });
    await recordAudit(this.deps.clients, tenant, actor, action, 'member', memberId, metadata);
  }
}
