// Anonymous callers are asked to authenticate before any lookup, so they cannot tell which tenants,
// members or domains exist; system admins on a tenant host are confined to it like everyone else.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { execute, graphql, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

const gw = useTestGateway();
let world: Awaited<ReturnType<typeof tenantWithMembers>>;
beforeAll(async () => {
  world = await tenantWithMembers(gw.current);
});

const anonymous = (query: string, variables: Record<string, unknown>) => graphql(gw.current, { host: PLATFORM_HOST, query, variables });

describe('an anonymous caller on the platform host', () => {
  it('gets UNAUTHENTICATED for an existing slug and for an unknown one alike', async () => {
    const query = 'query($slug: String) { tenant(slug: $slug) { id } }';
    expect(outcome(await anonymous(query, { slug: world.tenant.slug }))).toBe('UNAUTHENTICATED');
    expect(outcome(await anonymous(query, { slug: 'no-such-tenant' }))).toBe('UNAUTHENTICATED');
  });

  it('gets UNAUTHENTICATED for an existing tenant id and an unknown one alike', async () => {
    const query = 'query($id: ID) { tenant(id: $id) { id } }';
    expect(outcome(await anonymous(query, { id: world.tenant.id }))).toBe('UNAUTHENTICATED');
    expect(outcome(await anonymous(query, { id: randomUUID() }))).toBe('UNAUTHENTICATED');
  });

  it('gets UNAUTHENTICATED for an existing member id and an unknown one alike', async () => {
    const query = 'mutation($id: ID!) { removeMember(id: $id) }';
    expect(outcome(await anonymous(query, { id: world.viewer.memberId }))).toBe('UNAUTHENTICATED');
    expect(outcome(await anonymous(query, { id: randomUUID() }))).toBe('UNAUTHENTICATED');
  });

  it('is told NOT_FOUND for an unknown slug once signed in', async () => {
    const outsider = { email: 'outsider@elsewhere.test' };
    const query = 'query($slug: String) { tenant(slug: $slug) { id } }';
    expect(outcome(await graphql(gw.current, { host: PLATFORM_HOST, query, variables: { slug: 'no-such-tenant' }, as: outsider }))).toBe('NOT_FOUND');
  });
});

describe('a system admin on a tenant host', () => {
  const staff = { email: 'staff@platform.test', systemAdmin: true };
  it('is confined to that tenant: listing all tenants or creating one is FORBIDDEN there', async () => {
    const list = await execute(gw.current, gql(`query EnumerationAndConfinementTenants { tenants(first: 5) { totalCount edges { node { slug } } } }`), { host: world.host, as: staff });
    expect(outcome(list)).toBe('FORBIDDEN');
    const create = await execute(gw.current, gql(`mutation EnumerationAndConfinementCreateTenant { createTenant(input: { name: "From a tenant host", slug: "from-tenant-host" }) { id } }`), {
      host: world.host,
      as: staff,
    });
    expect(outcome(create)).toBe('FORBIDDEN');
    expect(await gw.current.services.clients.control().tenant.count({ where: { slug: 'from-tenant-host' } })).toBe(0);
  });

  it('still lists and creates tenants on the platform host', async () => {
    const list = await execute(gw.current, gql(`query EnumerationAndConfinementTenants2 { tenants(first: 5) { totalCount } }`), { host: PLATFORM_HOST, as: staff });
    expect(outcome(list)).toBe('OK');
  });
});
