// Custom domains of a tenant. Only verified domains route: tenants.domain mirrors the primary
// domain once (and only while) it is verified, so an unverified claim can never take traffic.
// Claims cannot squat either: a domain is unique among verified domains only (any number of tenants
// may claim it unverified), the first to verify wins and the other claims are dropped, an unverified
// claim lapses after DOMAIN_CLAIM_TTL_HOURS, and a tenant holds at most MAX_DOMAINS_PER_TENANT.
import { randomBytes } from 'node:crypto';
import type { PrismaClient, TenantDomain } from '../generated/prisma/client.js';
import { uniqueViolation } from '../db/unique-violation.js';
import { BadUserInputError, ConflictError, LimitExceededError, NotFoundError } from '../errors.js';
import { isUuid } from '../vocabulary.js';
import type { ChangeBus } from '../tenancy/changes.js';
import { normalizeDomain } from './domain-names.js';
import { lockTenant } from './stores/tenants-store.js';
import { verifyDomainOwnership } from './domain-verification.js';

export interface DomainDeps {
  db: PrismaClient;
  changes: ChangeBus;
  baseDomain: string;
  dns: { servers?: string[]; timeoutMs?: number };
  /** Unverified claims older than this lapse (default 7 days). */
  claimTtlMs?: number;
  /** Domains a tenant may hold, verified or claimed (default 20). */
  maxPerTenant?: number;
}

const DEFAULT_CLAIM_TTL_MS = 7 * 24 * 3_600_000;
const DEFAULT_MAX_PER_TENANT = 20;

/** 256 bits from the CSPRNG, URL-safe: the TXT record value that proves ownership. */
export function newVerificationToken(): string {
  return randomBytes(32).toString('base64url');
}

const lapsedBefore = (deps: DomainDeps) => new Date(Date.now() - (deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS));

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

// Every change that can move the primary flag locks the tenant row first: without it, two concurrent
// "make X primary" transactions each clear the other primaries from their own snapshot and then
// collide on the one-primary-per-tenant index (a unique violation, i.e. a 500).
// lockDomain: locks the domain's tenant, then re-reads the domain: one removed meanwhile (a double click) is NOT_FOUND, not a 500.
async function lockDomain(tx: Tx, row: TenantDomain): Promise<TenantDomain> {
  await lockTenant(tx, row.tenantId);
  const current = await tx.tenantDomain.findUnique({ where: { id: row.id } });
  if (!current) throw new NotFoundError('Domain');
  return current;
}

/** Keeps tenants.domain equal to the verified primary domain (or null); returns the old and new values. */
async function syncTenantDomain(tx: Tx, tenantId: string): Promise<(string | null)[]> {
  const primary = await tx.tenantDomain.findFirst({ where: { tenantId, primary: true, verifiedAt: { not: null } } });
  const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { domain: true } });
  const domain = primary?.domain ?? null;
  if (before.domain !== domain) await tx.tenant.update({ where: { id: tenantId }, data: { domain } });
  return [before.domain, domain];
}

async function announce(deps: DomainDeps, tenantId: string, domains: (string | null)[]) {
  await deps.changes.publish({
    kind: 'domain',
    tenantId,
    domains: [...new Set(domains.filter((d): d is string => !!d))],
  });
}

export async function addDomain(
  deps: DomainDeps,
  tenantId: string,
  input: string,
  primary = false,
): Promise<TenantDomain> {
  const domain = normalizeDomain(input, { baseDomain: deps.baseDomain });
  try {
    const created = await deps.db.$transaction(async (tx) => {
      await lockTenant(tx, tenantId);
      // lapsed claims of this domain (anyone's) and of this tenant (any domain) are dropped first
      await tx.tenantDomain.deleteMany({
        where: { verifiedAt: null, insertedAt: { lt: lapsedBefore(deps) }, OR: [{ domain }, { tenantId }] },
      });
      if (
        await tx.tenantDomain.findFirst({
          where: { domain, OR: [{ verifiedAt: { not: null } }, { tenantId }] },
          select: { id: true },
        })
      ) {
        throw new ConflictError(`domain "${domain}" is already in use`, { field: 'domain' });
      }
      const max = deps.maxPerTenant ?? DEFAULT_MAX_PER_TENANT;
      if ((await tx.tenantDomain.count({ where: { tenantId } })) >= max) {
        throw new LimitExceededError(`A tenant may hold at most ${max} custom domains; remove one first.`, {
          limit: 'MAX_DOMAINS_PER_TENANT',
        });
      }
      if (primary) await tx.tenantDomain.updateMany({ where: { tenantId, primary: true }, data: { primary: false } });
      const row = await tx.tenantDomain.create({
        data: { tenantId, domain, primary, verificationToken: newVerificationToken() },
      });
      const changed = await syncTenantDomain(tx, tenantId);
      return { row, changed };
    });
    await announce(deps, tenantId, [domain, ...created.changed]);
    return created.row;
  } catch (err) {
    if (uniqueViolation(err)) throw new ConflictError(`domain "${domain}" is already in use`, { field: 'domain' });
    throw err;
  }
}

export async function findDomain(db: PrismaClient, id: string): Promise<TenantDomain> {
  const found = isUuid(id) ? await db.tenantDomain.findUnique({ where: { id } }) : null;
  if (!found) throw new NotFoundError('Domain');
  return found;
}

/** Checks the DNS TXT record `_tenant-verification.<domain>`; on a match the domain is verified and may route. */
export async function verifyDomain(
  deps: DomainDeps,
  row: TenantDomain,
): Promise<{ domain: TenantDomain; verified: boolean; reason?: string }> {
  if (row.verifiedAt) return { domain: row, verified: true };
  if (row.insertedAt < lapsedBefore(deps)) {
    await deps.db.tenantDomain.deleteMany({ where: { id: row.id, verifiedAt: null } });
    throw new BadUserInputError(
      `the claim on "${row.domain}" lapsed unverified; add the domain again for a new token`,
      { field: 'id' },
    );
  }
  const check = await verifyDomainOwnership(row.domain, row.verificationToken, deps.dns);
  if (!check.verified) return { domain: row, verified: false, reason: check.reason };
  let result;
  try {
    result = await deps.db.$transaction(async (tx) => {
      await lockDomain(tx, row);
      const domain = await tx.tenantDomain.update({ where: { id: row.id }, data: { verifiedAt: new Date() } });
      // verification wins: the other tenants' unverified claims on the domain are dropped
      await tx.tenantDomain.deleteMany({ where: { domain: row.domain, verifiedAt: null, NOT: { id: row.id } } });
      return { domain, changed: await syncTenantDomain(tx, row.tenantId) };
    });
  } catch (err) {
    if (uniqueViolation(err))
      throw new ConflictError(`domain "${row.domain}" is already verified by another tenant`, { field: 'id' });
    throw err;
  }
  await announce(deps, row.tenantId, [row.domain, ...result.changed]);
  return { domain: result.domain, verified: true };
}

export async function setPrimaryDomain(deps: DomainDeps, row: TenantDomain): Promise<TenantDomain> {
  const result = await deps.db.$transaction(async (tx) => {
    await lockDomain(tx, row);
    await tx.tenantDomain.updateMany({
      where: { tenantId: row.tenantId, primary: true, NOT: { id: row.id } },
      data: { primary: false },
    });
    const domain = await tx.tenantDomain.update({ where: { id: row.id }, data: { primary: true } });
    return { domain, changed: await syncTenantDomain(tx, row.tenantId) };
  });
  await announce(deps, row.tenantId, [row.domain, ...result.changed]);
  return result.domain;
}

export async function removeDomain(deps: DomainDeps, row: TenantDomain): Promise<boolean> {
  const changed = await deps.db.$transaction(async (tx) => {
    await lockDomain(tx, row);
    await tx.tenantDomain.delete({ where: { id: row.id } });
    return syncTenantDomain(tx, row.tenantId);
  });
  await announce(deps, row.tenantId, [row.domain, ...changed]);
  return true;
}
