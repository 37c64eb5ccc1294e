// Custom-domain changes with their side effects, the same for every caller: routing changes are
// announced on the ChangeBus (domains.ts) and each change is audited for the actor passed in.
// A failed DNS verification changes nothing and is not audited.
import type { TenantDomain } from '../generated/prisma/client.js';
import { BadUserInputError } from '../errors.js';
import type { ClientCache } from '../tenancy/client-cache.js';
import { recordAudit, type AuditActor, type AuditedTenant } from './audit.js';
import { addDomain, findDomain, removeDomain, setPrimaryDomain, verifyDomain, type DomainDeps } from './domains.js';

export class DomainService {
  constructor(
    private readonly deps: DomainDeps,
    private readonly clients: Pick<ClientCache, 'forSchema'>,
  ) {}

  /** A domain by id; NOT_FOUND when unknown or malformed. */
  find(id: string): Promise<TenantDomain> {
    return findDomain(this.deps.db, id);
  }

  async add(tenant: AuditedTenant, domain: string, primary: boolean, actor: AuditActor): Promise<TenantDomain> {
    const row = await addDomain(this.deps, tenant.id, domain, primary);
    await recordAudit(this.clients, tenant, actor, 'domain.add', 'domain', row.id, {
      domain: row.domain,
      primary: row.primary,
    });
    return row;
  }

  /** BAD_USER_INPUT saying why when the TXT record does not prove ownership. */
  async verify(tenant: AuditedTenant, row: TenantDomain, actor: AuditActor): Promise<TenantDomain> {
    const result = await verifyDomain(this.deps, row);
    if (!result.verified)
      throw new BadUserInputError(`domain not verified: ${result.reason ?? 'the TXT record does not match'}`, {
        field: 'id',
      });
    await recordAudit(this.clients, tenant, actor, 'domain.verify', 'domain', row.id, { domain: row.domain });
    return result.domain;
  }

  async setPrimary(tenant: AuditedTenant, row: TenantDomain, actor: AuditActor): Promise<TenantDomain> {
    const updated = await setPrimaryDomain(this.deps, row);
    await recordAudit(this.clients, tenant, actor, 'domain.primary', 'domain', row.id, { domain: row.domain });
    return updated;
  }

  async remove(tenant: AuditedTenant, row: TenantDomain, actor: AuditActor): Promise<boolean> {
    await removeDomain(this.deps, row);
    await recordAudit(this.clients, tenant, actor, 'domain.remove', 'domain', row.id, { domain: row.domain });
    return true;
  }
}
