// A well-formed Relay cursor carrying something other than a row id is BAD_USER_INPUT before any
// SQL, never a masked error with an error-level log of the query.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import {
  execute,
  expectNoErrors,
  type Identity,
  outcome,
  PLATFORM_HOST,
  tenantWithMembers,
} from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';

let world: Awaited<ReturnType<typeof tenantWithMembers>>;
const staff: Identity = { email: 'staff@platform.test', systemAdmin: true };
const cursor = (chunk: string) => Buffer.from(`GPC:${chunk}`).toString('base64');
const CRAFTED = ['S:not-a-uuid', "S:' OR 1=1 --", 'N:5', 'D:0', 'Z:', 'B:AAAA'];

test.beforeAll(async ({ gw }) => {
  world = await tenantWithMembers(gw);
});

const LISTS: {
  name: string;
  host: () => string;
  as: () => Identity;
  document: TypedDocumentNode<unknown, { c: string }>;
}[] = [
  {
    name: 'users',
    host: () => world.host,
    as: () => world.viewer,
    document: gql(`query UsersAfterCursor($c: String) { users(first: 2, after: $c) { edges { cursor } } }`),
  },
  {
    name: 'members',
    host: () => world.host,
    as: () => world.viewer,
    document: gql(`query MembersAfterCursor($c: String) { members(first: 2, after: $c) { edges { cursor } } }`),
  },
  {
    name: 'auditLogs',
    host: () => world.host,
    as: () => world.admin,
    document: gql(`query AuditLogsBeforeCursor($c: String) { auditLogs(last: 2, before: $c) { edges { cursor } } }`),
  },
  {
    name: 'tenants',
    host: () => PLATFORM_HOST,
    as: () => staff,
    document: gql(`query TenantsAfterCursor($c: String) { tenants(first: 2, after: $c) { edges { cursor } } }`),
  },
];

describe('crafted cursors', () => {
  for (const list of LISTS) {
    test(`are BAD_USER_INPUT on ${list.name}`, async ({ gw }) => {
      for (const chunk of CRAFTED) {
        const res = await execute(gw, list.document, {
          host: list.host(),
          as: list.as(),
          variables: { c: cursor(chunk) },
        });
        expect(outcome(res), chunk).toBe('BAD_USER_INPUT');
        expect(res.errors![0]!.message).toMatch(/cursor/);
      }
    });
  }

  test('leave real cursors working', async ({ gw }) => {
    const first = await execute(gw, gql(`query FirstMemberCursor { members(first: 1) { pageInfo { endCursor } } }`), {
      host: world.host,
      as: world.viewer,
    });
    expectNoErrors(first);
    const next = await execute(
      gw,
      gql(`query MembersAfter($c: String) { members(first: 2, after: $c) { edges { node { role } } } }`),
      {
        host: world.host,
        as: world.viewer,
        variables: { c: first.data.members.pageInfo.endCursor },
      },
    );
    expect(outcome(next)).toBe('OK');
    expectNoErrors(next);
    expect(next.data.members.edges).toHaveLength(2);
  });
});
