// The Prisma client Pothos sees: per model, the delegate of the right schema's client.
// Control-plane models come from `public`; tenant models from the request's tenant schema, and
// asking for one with no tenant throws TENANT_REQUIRED (fail closed, never a default schema).
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ClientCache } from './client-cache.js';
import { CONTROL_DELEGATES, TENANT_DELEGATES } from './model-kinds.js';

export function scopedPrisma(clients: ClientCache, tenantSchema: () => string): PrismaClient {
  return new Proxy({} as PrismaClient, {
    // Pothos finds a model's delegate with `'user' in client` before reading it (relation fallbacks).
    has(_target, prop) {
      return typeof prop === 'string' && (TENANT_DELEGATES.has(prop) || CONTROL_DELEGATES.has(prop));
    },
    get(_target, prop) {
      if (typeof prop !== 'string') return undefined;
      if (TENANT_DELEGATES.has(prop)) return clients.forSchema(tenantSchema())[prop as keyof PrismaClient];
      if (CONTROL_DELEGATES.has(prop)) return clients.control()[prop as keyof PrismaClient];
      if (prop === 'then') return undefined; // not a thenable
      // $transaction, $queryRaw… would have to pick one schema silently: callers must choose a client explicitly.
      throw new Error(
        `scopedPrisma: "${prop}" is schema-ambiguous; use clients.control() or clients.forSchema(schema)`,
      );
    },
  });
}
