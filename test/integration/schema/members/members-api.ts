// The member mutations and reads the members tests share, bound to the file's gateway: the `members` fixture.
import { randomBytes } from 'node:crypto';
import { execute, expectNoErrors, type Identity, PLATFORM_HOST, tenantWithMembers } from '../../../helpers/api.js';
import { test as base } from '../../../helpers/fixtures.js';
import type { TestGateway } from '../../../helpers/gateway.js';
import { gql } from '../../../gql/index.js';
import type { MemberRole, UpdateMemberMutationVariables } from '../../../gql/graphql.js';

export type World = Awaited<ReturnType<typeof tenantWithMembers>>;
export const staff: Identity = { email: 'staff@platform.test', systemAdmin: true };
export const fresh = () => randomBytes(4).toString('hex');

export const INVITE = gql(`
  mutation InviteMember($email: String!, $role: MemberRole!) {
    inviteMember(email: $email, role: $role) { id role status invitedAt acceptedAt user { id email } }
  }
`);
export const ACCEPT = gql(`
  mutation AcceptInvitation { acceptInvitation { id role status acceptedAt } }
`);
const UPDATE = gql(`
  mutation UpdateMember($id: ID!, $role: MemberRole, $status: MemberStatus, $permissions: JSON) {
    updateMember(id: $id, role: $role, status: $status, permissions: $permissions) { id role status permissions }
  }
`);
const REMOVE = gql(`
  mutation RemoveMember($id: ID!) { removeMember(id: $id) }
`);
const SET_USER_LIMIT = gql(`
  mutation SetUserLimit($id: ID!, $users: Int!) { updateTenant(id: $id, input: { limits: { users: $users } }) { limits { users } } }
`);
const USERS_USAGE = gql(`
  query UsersUsage { currentTenant { usage { users } } }
`);

export function membersApi(gw: TestGateway) {
  const control = () => gw.services.clients.control();
  const invite = (t: World, email: string, role: MemberRole = 'MEMBER', as: Identity = t.admin) =>
    execute(gw, INVITE, { host: t.host, as, variables: { email, role } });
  const accept = (t: World, as: Identity) => execute(gw, ACCEPT, { host: t.host, as });
  const update = (t: World, as: Identity, variables: UpdateMemberMutationVariables) =>
    execute(gw, UPDATE, { host: t.host, as, variables });
  const remove = (t: World, as: Identity, id: string) => execute(gw, REMOVE, { host: t.host, as, variables: { id } });

  async function setUserLimit(t: World, users: number) {
    expectNoErrors(
      await execute(gw, SET_USER_LIMIT, { host: PLATFORM_HOST, as: staff, variables: { id: t.tenant.id, users } }),
    );
  }

  /** An account invited to the tenant and accepted, as a fresh identity. */
  async function joined(t: World, role: MemberRole): Promise<Identity & { memberId: string }> {
    const email = `${role.toLowerCase()}-${fresh()}@x.test`;
    const invited = await invite(t, email, role, t.owner);
    expectNoErrors(invited);
    expectNoErrors(await accept(t, { email }));
    return { email, memberId: invited.data.inviteMember.id };
  }

  async function usersUsage(t: World) {
    const result = await execute(gw, USERS_USAGE, { host: t.host, as: t.admin });
    expectNoErrors(result);
    return result.data.currentTenant?.usage.users;
  }

  return { control, invite, accept, update, remove, setUserLimit, joined, usersUsage };
}

export const test = base.extend('members', async ({ gw }) => membersApi(gw));
