// The member mutations and reads the members tests share, bound to a file's gateway.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { graphql, PLATFORM_HOST, tenantWithMembers, type Identity } from '../../../helpers/api.js';
import type { TestGateway } from '../../../helpers/gateway.js';

export type World = Awaited<ReturnType<typeof tenantWithMembers>>;
export const staff: Identity = { email: 'staff@platform.test', systemAdmin: true };
export const fresh = () => randomBytes(4).toString('hex');

export const INVITE = `mutation($email: String!, $role: MemberRole!) {
  inviteMember(email: $email, role: $role) { id role status invitedAt acceptedAt user { id email } }
}`;
export const ACCEPT = 'mutation { acceptInvitation { id role status acceptedAt } }';
export const UPDATE = `mutation($id: ID!, $role: MemberRole, $status: MemberStatus, $permissions: JSON) {
  updateMember(id: $id, role: $role, status: $status, permissions: $permissions) { id role status permissions }
}`;
export const REMOVE = 'mutation($id: ID!) { removeMember(id: $id) }';

export function membersApi(gw: { current: TestGateway }) {
  const control = () => gw.current.services.clients.control();
  const invite = (t: World, email: string, role = 'MEMBER', as: Identity = t.admin) =>
    graphql(gw.current, { host: t.host, as, query: INVITE, variables: { email, role } });
  const update = (t: World, as: Identity, variables: Record<string, unknown>) => graphql(gw.current, { host: t.host, as, query: UPDATE, variables });
  const remove = (t: World, as: Identity, id: string) => graphql(gw.current, { host: t.host, as, query: REMOVE, variables: { id } });

  async function setUserLimit(t: World, users: number) {
    const result = await graphql(gw.current, {
      host: PLATFORM_HOST,
      as: staff,
      query: 'mutation($id: ID!, $users: Int!) { updateTenant(id: $id, input: { limits: { users: $users } }) { limits { users } } }',
      variables: { id: t.tenant.id, users },
    });
    expect(result.errors).toBeUndefined();
  }

  /** An account invited to the tenant and accepted, as a fresh identity. */
  async function joined(t: World, role: string): Promise<Identity & { memberId: string }> {
    const email = `${role.toLowerCase()}-${fresh()}@x.test`;
    const invited = await invite(t, email, role, t.owner);
    expect(invited.errors).toBeUndefined();
    const accepted = await graphql(gw.current, { host: t.host, as: { email }, query: ACCEPT });
    expect(accepted.errors).toBeUndefined();
    return { email, memberId: invited.data.inviteMember.id };
  }

  const usersUsage = async (t: World) =>
    (await graphql(gw.current, { host: t.host, as: t.admin, query: '{ currentTenant { usage { users } } }' })).data.currentTenant.usage.users;

  return { control, invite, update, remove, setUserLimit, joined, usersUsage };
}
