// A well-formed Relay cursor carrying something other than a row id is BAD_USER_INPUT before any
// SQL, never a masked error with an error-level log of the query.
import { beforeAll, describe, expect, it } from 'vitest';
import { execute, expectNoErrors, graphql, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

const gw = useTestGateway();
let world: Awaited<ReturnType<typeof tenantWithMembers>>;
const staff = { email: 'staff@platform.test', systemAdmin: true };
const cursor = (chunk: string) => Buffer.from(`GPC:${chunk}`).toString('base64');
const CRAFTED = ['S:not-a-uuid', "S:' OR 1=1 --", 'N:5', 'D:0', 'Z:', 'B:AAAA'];

beforeAll(async () => {
  world = await tenantWithMembers(gw.current);
});

const LISTS: { name: string; host: () => string; as: () => object; query: string }[] = [
  { name: 'users', host: () => world.host, as: () => world.viewer, query: 'query($c: String) { users(first: 2, after: $c) { edges { cursor } } }' },
  { name: 'members', host: () => world.host, as: () => world.viewer, query: 'query($c: String) { members(first: 2, after: $c) { edges { cursor } } }' },
  { name: 'auditLogs', host: () => world.host, as: () => world.admin, query: 'query($c: String) { auditLogs(last: 2, before: $c) { edges { cursor } } }' },
  { name: 'tenants', host: () => PLATFORM_HOST, as: () => staff, query: 'query($c: String) { tenants(first: 2, after: $c) { edges { cursor } } }' },
];

describe('crafted cursors', () => {
  for (const list of LISTS) {
    it(`are BAD_USER_INPUT on ${list.name}`, async () => {
      for (const chunk of CRAFTED) {
        const res = await graphql(gw.current, { host: list.host(), as: list.as() as never, query: list.query, variables: { c: cursor(chunk) } });
        expect(outcome(res), chunk).toBe('BAD_USER_INPUT');
        expect(res.errors![0]!.message).toMatch(/cursor/);
      }
    });
  }

  it('leave real cursors working', async () => {
    const first = await execute(gw.current, gql(`query FirstMemberCursor { members(first: 1) { pageInfo { endCursor } } }`), { host: world.host, as: world.viewer });
    expectNoErrors(first);
    const next = await execute(gw.current, gql(`query MembersAfter($c: String) { members(first: 2, after: $c) { edges { node { role } } } }`), {
      host: world.host,
      as: world.viewer,
      variables: { c: first.data.members.pageInfo.endCursor },
    });
    expect(outcome(next)).toBe('OK');
    expectNoErrors(next);
    expect(next.data.members.edges).toHaveLength(2);
  });
});
