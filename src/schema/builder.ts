// Builder configuration only; types and fields live in one file per domain beside this one.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { GraphQLContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { hasTenantRole, targetTenant, type MemberRole } from './access.js';
import { authFailureError } from './auth-failure.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';

export interface AuthScopes {
  /** Signed in (a verified token). */
  authenticated: boolean;
  /** `roles` contains "system_admin". */
  systemAdmin: boolean;
  /** A system admin on the platform host: operations over all tenants (on a tenant host staff are confined to it). */
  platformAdmin: boolean;
  /** At least `role` on the addressed tenant: `tenantId`, or the host's tenant (system admins pass). */
  tenantRole: { tenantId?: string | null; role: MemberRole };
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
    pageInfoTypeOptions: { description: 'Where a page sits in its list (Relay cursor pagination).' },
    hasNextPageFieldOptions: { description: 'More items follow: ask again with after = endCursor.' },
    hasPreviousPageFieldOptions: { description: 'Items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item: pass it as `after` for the next page.' },
  },
  scopeAuth: {
    // Scope parameters are objects; compare them by value so each check runs once per request.
    cacheKey: (value) => JSON.stringify(value),
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      systemAdmin: ctx.viewer?.isSystemAdmin ?? false,
      platformAdmin: (ctx.viewer?.isSystemAdmin ?? false) && ctx.tenant === null,
      // Authentication first: an anonymous caller must not learn which tenants exist (NOT_FOUND vs 401).
      tenantRole: async ({ tenantId, role }) => {
        if (!ctx.viewer) throw new UnauthenticatedError();
        return hasTenantRole(ctx, (await targetTenant(ctx, tenantId)).id, role);
      },
    }),
    // NOT_FOUND / TENANT_REQUIRED raised while resolving the target win; otherwise 401 or 403.
    unauthorizedError: (_parent, ctx, _info, result) =>
      authFailureError(result.failure) ?? (ctx.viewer ? new ForbiddenError() : new UnauthenticatedError()),
  },
});

builder.addScalarType('DateTime', DateTimeResolver, { description: 'ISO-8601 date-time string.' });
builder.addScalarType('JSON', JSONResolver, { description: 'Any JSON value.' });
builder.queryType({ description: 'Read operations.' });
builder.mutationType({ description: 'Write operations.' });
