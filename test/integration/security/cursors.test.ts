// A well-formed Relay cursor carrying something other than a row id is BAD_USER_INPUT before any
// SQL, never a masked error with an error-level log of the query.
import { describe, expect } from 'vitest';
import { execute, expectNoErrors, graphql, outcome, PLATFORM_HOST, tenantWithMembers } from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';

let world: Awaited<ReturnType<typeof tenantWithMembers>>;
const staff = { email: 'staff@platform.test', systemAdmin: true };
const cursor = (chunk: string) => Buffer.from(`GPC:${chunk}`).toString('base64');
const CRAFTED = ['S:not-a-uuid', "S:' OR 1=1 --", 'N:5', 'D:0', 'Z:', 'B:AAAA'];

test.beforeAll(async ({ gw }) => {
  world = await tenantWithMembers(gw);
});

const LISTS: { name: string; host: () => string; as: () => object; query: string }[] = [
  { name: 'users', host: () => world.host, as: () => world.viewer, query: 'query($c: String) { users(first: 2, after: $c) { edges { cursor } } }' },
  { name: 'members', host: () => world.host, as: () => world.viewer, query: 'query($c: String) { members(first: 2, after: $c) { edges { cursor } } }' },
  { name: 'auditLogs', host: () => world.host, as: () => world.admin, query: 'query($c: String) { auditLogs(last: 2, before: $c) { edges { cursor } } }' },
  { name: 'tenants', host: () => PLATFORM_HOST, as: () => staff, query: 'query($c: String) { tenants(first: 2, after: $c) { edges { cursor } } }' },
];

describe('crafted cursors', () => {
  for (const list of LISTS) {
    test(`are BAD_USER_INPUT on ${list.name}`, async ({ gw }) => {
      for (const chunk of CRAFTED) {
        const res = await graphql(gw, { host: list.host(), as: list.as() as never, query: list.query, variables: { c: cursor(chunk) } });
        expect(outcome(res), chunk).toBe('BAD_USER_INPUT');
        expect(res.errors![0]!.message).toMatch(/cursor/);
      }
    });
  }

  test('leave real cursors working', async ({ gw }) => {
    const first = await execute(gw, gql(`query FirstMemberCursor { members(first: 1) { pageInfo { endCursor } } }`), { host: world.host, as: world.viewer });
    expectNoErrors(first);
    const next = await execute(gw, gql(`query MembersAfter($c: String) { members(first: 2, after: $c) { edges { node { role } } } }`), {
      host: world.host,
      as: world.viewer,
      variables: { c: first.data.members.pageInfo.endCursor },
    });
    expect(outcome(next)).toBe('OK');
    expectNoErrors(next);
    expect(next.data.members.edges).toHaveLength(2);
  });
});
