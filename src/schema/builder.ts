// Builder configuration only; types and fields live in one file per domain beside this one.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { GraphQLContext } from '../context.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';

export interface AuthScopes {
  /** Signed in (a verified token). */
  authenticated: boolean;
  /** `roles` contains "system_admin". */
  systemAdmin: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      systemAdmin: ctx.viewer?.isSystemAdmin ?? false,
    }),
  },
});

builder.addScalarType('DateTime', DateTimeResolver, { description: 'ISO-8601 date-time string.' });
builder.addScalarType('JSON', JSONResolver, { description: 'Any JSON value.' });
builder.queryType({ description: 'Read operations.' });

