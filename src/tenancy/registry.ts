// Reads of the tenant registry (public.tenants) through the control-plane client.
import { BadUserInputError } from '../errors.js';
import type { PrismaClient, Tenant } from '../generated/prisma/client.js';
import { isUuid } from '../vocabulary.js';

/** null for an unknown id, including one that is not a UUID (never a database error). */
export function findTenantById(control: PrismaClient, id: string): Promise<Tenant | null> {
  return isUuid(id) ? control.tenant.findUnique({ where: { id } }) : Promise.resolve(null);
}

export function findTenantBySlug(control: PrismaClient, slug: string): Promise<Tenant | null> {
  return typeof slug === 'string' && slug.length <= 63
    ? control.tenant.findUnique({ where: { slug } })
    : Promise.resolve(null);
}

export interface ListTenantsOptions {
  status?: string;
  plan?: string;
  orderBy?: 'insertedAt' | 'name';
  direction?: 'asc' | 'desc';
  /** Page size, 1–100 (default 20). */
  first?: number;
  /** Id of the last tenant of the previous page. */
  after?: string;
}

/** One page, in a stable order (id breaks ties), plus whether another page follows. */
export async function listTenants(
  control: PrismaClient,
  opts: ListTenantsOptions = {},
): Promise<{ tenants: Tenant[]; hasNextPage: boolean }> {
  const first = opts.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > 100)
    throw new BadUserInputError('first must be between 1 and 100', { field: 'first' });
  if (opts.after !== undefined && !isUuid(opts.after))
    throw new BadUserInputError('after is not a valid cursor', { field: 'after' });
  const direction = opts.direction ?? 'asc';
  const rows = await control.tenant.findMany({
    where: { ...(opts.status ? { status: opts.status } : {}), ...(opts.plan ? { plan: opts.plan } : {}) },
    orderBy: [{ [opts.orderBy ?? 'insertedAt']: direction }, { id: direction }],
    take: first + 1,
    ...(opts.after ? { cursor: { id: opts.after }, skip: 1 } : {}),
  });
  return { tenants: rows.slice(0, first), hasNextPage: rows.length > first };
}

export async function countTenants(control: PrismaClient): Promise<number> {
  return control.tenant.count();
}
