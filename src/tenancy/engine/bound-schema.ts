// The tenant a statement is routed to, carried by AsyncLocalStorage. It is entered only by a
// binding itself (binding.ts) whenever one of its promises is started, so it follows the binding that
// built a query, never the context of whoever happened to await it.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface BoundTenant {
  schema: string;
  /** The binding's own Prisma request handler (its own DataLoader: batches never mix tenants). */
  handler?: object;
}

const bound = new AsyncLocalStorage<BoundTenant>();

export function runBound<T>(tenant: BoundTenant | string, fn: () => T): T {
  return bound.run(typeof tenant === 'string' ? { schema: tenant } : tenant, fn);
}

export function boundTenant(): BoundTenant | undefined {
  return bound.getStore();
}

export function boundSchema(): string | undefined {
  return bound.getStore()?.schema;
}
