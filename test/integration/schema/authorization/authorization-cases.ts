// Who may do what (docs/ARCHITECTURE.md "Roles"): the kinds of caller, and every mutation and sensitive query with
// the outcome each caller must get. Each cell runs against fresh targets, so one cell's success cannot hide
// another's refusal.
import { randomBytes } from 'node:crypto';
import { type Identity, tenantWithMembers } from '../../../helpers/api.js';
import { test } from '../../../helpers/fixtures.js';
import type { TestGateway } from '../../../helpers/gateway.js';

export const ROLES = ['anonymous', 'viewer', 'member', 'admin', 'owner', 'outsider', 'systemAdmin'] as const;
export type Role = (typeof ROLES)[number];
export type Expectations = Record<Role, string>;
export type World = Awaited<ReturnType<typeof tenantWithMembers>>;

const RANK = { viewer: 1, member: 2, admin: 3, owner: 4 } as const;
/** Members from `minimum` up and system admins; anonymous callers must sign in; others are refused. */
const need = (minimum: keyof typeof RANK): Expectations => ({
  anonymous: 'UNAUTHENTICATED',
  viewer: RANK.viewer >= RANK[minimum] ? 'OK' : 'FORBIDDEN',
  member: RANK.member >= RANK[minimum] ? 'OK' : 'FORBIDDEN',
  admin: RANK.admin >= RANK[minimum] ? 'OK' : 'FORBIDDEN',
  owner: 'OK',
  outsider: 'FORBIDDEN',
  systemAdmin: 'OK',
});
const staffOnly: Expectations = { ...need('owner'), owner: 'FORBIDDEN' };
const anyone: Expectations = Object.fromEntries(ROLES.map((r) => [r, 'OK'])) as Expectations;
const signedIn: Expectations = { ...anyone, anonymous: 'UNAUTHENTICATED' };

const staff: Identity = { email: 'staff@platform.test', systemAdmin: true };
/** The file's tenant under test and the outsider's tenant, made by the hook useWorlds() registers. */
export let a: World;
export let b: World;

export interface Case {
  name: string;
  query: string;
  expect: Expectations;
  /** Runs before each cell; returns the variables (and optionally another world whose members act). */
  setup?: (gw: TestGateway) => Promise<{ variables?: Record<string, unknown>; world?: World; host?: string }>;
  platform?: boolean;
}

const fresh = () => randomBytes(4).toString('hex');
const db = (gw: TestGateway) => gw.services.clients.control();

async function domainOf(gw: TestGateway, world: World, opts: { verified?: boolean } = {}) {
  return db(gw).tenantDomain.create({
    data: {
      tenantId: world.tenant.id,
      domain: `d${fresh()}.example.org`,
      verifiedAt: opts.verified ? new Date() : null,
    },
  });
}

async function memberOf(gw: TestGateway, world: World, role: string) {
  const account = await db(gw).account.create({ data: { email: `m${fresh()}@x.test` } });
  return db(gw).tenantMember.create({
    data: { tenantId: world.tenant.id, userId: account.id, role, acceptedAt: new Date() },
  });
}

export const cases: Case[] = [
  { name: 'read the public tenant card', query: '{ currentTenant { id name slug branding } }', expect: anyone },
  {
    name: 'read the full current tenant',
    query: '{ currentTenant { status plan schemaName limits { users } usage { users } } }',
    expect: need('viewer'),
  },
  {
    name: 'read the tenant by id',
    query: 'query($id: ID) { tenant(id: $id) { id status } }',
    setup: async () => ({ variables: { id: a.tenant.id } }),
    expect: need('viewer'),
  },
  {
    name: "name another tenant's id on a tenant host",
    query: 'query($id: ID) { tenant(id: $id) { id } }',
    setup: async () => ({ variables: { id: b.tenant.id } }),
    // anonymous callers are asked to sign in before any lookup: they cannot tell ids apart
    expect: {
      ...(Object.fromEntries(ROLES.map((r) => [r, 'NOT_FOUND'])) as Expectations),
      anonymous: 'UNAUTHENTICATED',
    },
  },
  { name: 'list all tenants', query: '{ tenants(first: 5) { totalCount } }', platform: true, expect: staffOnly },
  { name: 'list members', query: '{ members(first: 5) { totalCount } }', expect: need('viewer') },
  { name: 'read me', query: '{ me { account { email } } }', expect: signedIn },
  { name: 'read settings', query: '{ tenantSettings { key } settingsByCategory }', expect: need('viewer') },
  { name: 'read usage logs', query: '{ usageLogs { value } }', expect: need('viewer') },
  { name: 'read users', query: '{ users(first: 5) { totalCount } }', expect: need('viewer') },
  { name: 'read the audit log', query: '{ auditLogs(first: 5) { totalCount } }', expect: need('admin') },
  {
    name: 'create a tenant',
    platform: true,
    query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }',
    setup: async () => ({ variables: { input: { name: 'New', slug: `n${fresh()}` } } }),
    expect: staffOnly,
  },
  {
    name: 'rename the tenant',
    query: 'mutation($id: ID!) { updateTenant(id: $id, input: { name: "Renamed" }) { name } }',
    setup: async () => ({ variables: { id: a.tenant.id } }),
    expect: need('owner'),
  },
  {
    name: "change the tenant's plan",
    query: 'mutation($id: ID!) { updateTenant(id: $id, input: { plan: ENTERPRISE }) { plan } }',
    setup: async () => ({ variables: { id: a.tenant.id } }),
    expect: staffOnly,
  },
  ...(['suspendTenant', 'activateTenant', 'archiveTenant', 'deleteTenant'] as const).map((op): Case => ({
    name: `${op} (platform host, fresh tenant)`,
    platform: true,
    query: `mutation($id: ID!) { ${op}(id: $id)${op === 'deleteTenant' ? '' : ' { id }'} }`,
    setup: async (gw) => {
      const world = await tenantWithMembers(gw);
      return { variables: { id: world.tenant.id }, world };
    },
    expect: staffOnly,
  })),
  {
    name: 'back up the tenant',
    query: 'mutation($id: ID!) { backupTenant(id: $id) { schemaName } }',
    setup: async () => ({ variables: { id: a.tenant.id } }),
    expect: need('owner'),
  },
  {
    name: 'add a domain',
    query: 'mutation($d: String!) { addTenantDomain(domain: $d) { id } }',
    setup: async () => ({ variables: { d: `n${fresh()}.example.net` } }),
    expect: need('admin'),
  },
  {
    name: 'verify a domain',
    query: 'mutation($id: ID!) { verifyTenantDomain(id: $id) { verifiedAt } }',
    setup: async (gw) => ({ variables: { id: (await domainOf(gw, a, { verified: true })).id } }),
    expect: need('admin'),
  },
  {
    name: 'set the primary domain',
    query: 'mutation($id: ID!) { setPrimaryDomain(id: $id) { primary } }',
    setup: async (gw) => ({ variables: { id: (await domainOf(gw, a)).id } }),
    expect: need('admin'),
  },
  {
    name: 'remove a domain',
    query: 'mutation($id: ID!) { removeTenantDomain(id: $id) }',
    setup: async (gw) => ({ variables: { id: (await domainOf(gw, a)).id } }),
    expect: need('admin'),
  },
  {
    name: 'invite a member',
    query: 'mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }',
    setup: async () => ({ variables: { e: `i${fresh()}@x.test` } }),
    expect: need('admin'),
  },
  {
    name: 'invite an owner',
    query: 'mutation($e: String!) { inviteMember(email: $e, role: OWNER) { id } }',
    setup: async () => ({ variables: { e: `o${fresh()}@x.test` } }),
    expect: need('owner'),
  },
  {
    // members already hold an accepted membership (accepting again returns it); others hold no invitation
    name: 'accept an invitation',
    query: 'mutation { acceptInvitation { id } }',
    expect: { ...signedIn, outsider: 'NOT_FOUND', systemAdmin: 'NOT_FOUND' },
  },
  {
    name: 'change a member',
    query: 'mutation($id: ID!) { updateMember(id: $id, role: VIEWER) { role } }',
    setup: async (gw) => ({ variables: { id: (await memberOf(gw, a, 'member')).id } }),
    expect: need('admin'),
  },
  {
    name: 'change an owner',
    query: 'mutation($id: ID!) { updateMember(id: $id, role: ADMIN) { role } }',
    setup: async (gw) => ({ variables: { id: (await memberOf(gw, a, 'owner')).id } }),
    expect: need('owner'),
  },
  {
    name: 'remove a member',
    query: 'mutation($id: ID!) { removeMember(id: $id) }',
    setup: async (gw) => ({ variables: { id: (await memberOf(gw, a, 'member')).id } }),
    expect: need('admin'),
  },
  {
    name: 'set a setting',
    query: 'mutation($k: String!) { setTenantSetting(input: { category: GENERAL, key: $k, value: 1 }) { key } }',
    setup: async () => ({ variables: { k: `k${fresh()}` } }),
    expect: need('admin'),
  },
  {
    name: 'delete a setting',
    query: 'mutation { deleteTenantSetting(category: GENERAL, key: "absent") }',
    expect: need('admin'),
  },
  {
    name: 'create a user',
    query: 'mutation($e: String!) { createUser(input: { email: $e }) { id } }',
    setup: async () => ({ variables: { e: `u${fresh()}@x.test` } }),
    expect: need('member'),
  },
  { name: 'refresh usage', query: 'mutation { refreshTenantUsage { id } }', expect: need('admin') },
];

export function identity(world: World, role: Role): Identity | null {
  if (role === 'anonymous') return null;
  if (role === 'systemAdmin') return staff;
  if (role === 'outsider') return b.owner;
  return world[role];
}

/** Makes tenants `a` and `b` once for the file, on the file's gateway; call at the top of a test file. */
export function useWorlds() {
  test.beforeAll(async ({ gw }) => {
    a = await tenantWithMembers(gw);
    b = await tenantWithMembers(gw);
  });
}
