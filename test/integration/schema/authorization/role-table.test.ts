// The case table (authorization-cases.ts) run cell by cell: every operation × every kind of caller.
import { describe, expect } from 'vitest';
import { graphql, outcome, PLATFORM_HOST } from '../../../helpers/api.js';
import { test } from '../../../helpers/fixtures.js';
import { a, cases, identity, ROLES, useWorlds } from './authorization-cases.js';

useWorlds();

describe('authorization', () => {
  test('covers every operation of the contract that writes, and every role', () => {
    for (const c of cases) expect(Object.keys(c.expect).sort()).toEqual([...ROLES].sort());
  });

  describe.each(cases)('$name', (c) => {
    test.for(ROLES)('as %s', async (role, { gw }) => {
      const prepared = (await c.setup?.(gw)) ?? {};
      const world = prepared.world ?? a;
      const result = await graphql(gw, {
        host: c.platform ? PLATFORM_HOST : world.host,
        as: identity(world, role),
        query: c.query,
        variables: prepared.variables,
      });
      expect(outcome(result)).toBe(c.expect[role]);
    });
  });
});
