// GraphQL over yoga.fetch as a client on a given host, with a signed token, plus tenant/member fixtures.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TestGateway } from './gateway.js';
import { TEST_JWT_SECRET } from './database.js';

export interface Identity {
  email: string;
  name?: string;
  systemAdmin?: boolean;
}

export async function signToken(identity: Identity, secret = TEST_JWT_SECRET, expiresIn = '1h'): Promise<string> {
  return new SignJWT({ email: identity.email, name: identity.name ?? identity.email, roles: identity.systemAdmin ? ['system_admin'] : [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`test|${identity.email}`)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export interface GraphQLResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface Call {
  host: string;
  query: string;
  variables?: Record<string, unknown>;
  as?: Identity | null;
}

export async function graphql<T = any>(gw: TestGateway, call: Call): Promise<GraphQLResult<T>> {
  const token = call.as ? await signToken(call.as) : undefined;
  const res = await gw.yoga.fetch(`http://${call.host}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: call.query, variables: call.variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResult<T>, 'status'>;
  return { status: res.status, ...body };
}

/** The first error code, or 'OK' when there was none: what authorization tables compare. */
export function outcome(result: GraphQLResult): string {
  return result.errors?.[0]?.extensions?.code ?? (result.errors?.length ? `ERROR: ${result.errors[0]!.message}` : 'OK');
}

export const uniqueSlug = (prefix = 't') => `${prefix}${randomBytes(4).toString('hex')}`;

export const PLATFORM_HOST = 'localhost';
export const hostOf = (slug: string) => `${slug}.localhost`;

/** A provisioned tenant and accounts holding each role on it (accepted, active). */
export async function tenantWithMembers(gw: TestGateway, slug = uniqueSlug()) {
  const tenant = await gw.services.provisioner.createTenant({ name: `Tenant ${slug}`, slug });
  const db = gw.services.clients.control();
  const roles = ['owner', 'admin', 'member', 'viewer'] as const;
  const people = {} as Record<(typeof roles)[number], Identity & { accountId: string; memberId: string }>;
  for (const role of roles) {
    const email = `${role}@${slug}.test`;
    const account = await db.account.create({ data: { email, name: `${role} of ${slug}` } });
    const member = await db.tenantMember.create({
      data: { tenantId: tenant.id, userId: account.id, role, status: 'active', invitedAt: new Date(), acceptedAt: new Date() },
    });
    people[role] = { email, accountId: account.id, memberId: member.id };
  }
  return { tenant, host: hostOf(slug), ...people };
}
