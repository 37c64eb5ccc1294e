// The only place a request becomes a GraphQL context.
import type { YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from './auth/viewer.js';
import type { PrismaClient, Tenant } from './generated/prisma/client.js';
import { requestIdOf } from './edge/request-id.js';
import { TenantRequiredError } from './errors.js';
import type { Services } from './services.js';
import { admittedTenant } from './tenancy/admission.js';
import { scopedPrisma } from './tenancy/scoped-prisma.js';

export type { Viewer };

export interface GraphQLContext extends YogaInitialContext {
  requestId: string;
  services: Services;
  /** The tenant picked by the request's Host; null on the platform host. */
  tenant: Tenant | null;
  viewer: Viewer | null;
  /** Per model, the delegate of the right schema (see tenancy/scoped-prisma.ts). */
  prisma: PrismaClient;
}

export function createContextFactory(services: Services) {
  return async (initial: YogaInitialContext): Promise<GraphQLContext> => {
    const tenant = await admittedTenant(services.config, services.hosts, initial.request, initial);
    const ctx: GraphQLContext = {
      ...initial,
      requestId: requestIdOf(initial.request),
      services,
      tenant,
      viewer: await services.auth.authenticate(initial.request),
      prisma: scopedPrisma(services.clients, () => {
        if (!ctx.tenant) throw new TenantRequiredError();
        return ctx.tenant.schemaName;
      }),
    };
    return ctx;
  };
}
