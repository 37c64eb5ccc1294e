// The tenant a piece of work runs for, carried by AsyncLocalStorage so background work and helpers
// deep in a call stack cannot lose it, and cannot borrow another request's.
import { AsyncLocalStorage } from 'node:async_hooks';
import { TenantRequiredError } from '../errors.js';

export interface TenantRef {
  id: string;
  slug: string;
  schemaName: string;
}

const storage = new AsyncLocalStorage<TenantRef>();

/** Runs fn for tenant; the outer context (or none) is back in force when fn returns or throws. */
export function withTenant<T>(tenant: TenantRef, fn: () => T): T {
  return storage.run(tenant, fn);
}

export function inTenantContext(): boolean {
  return storage.getStore() !== undefined;
}

/** Fails closed: no tenant in context is an error, never a default schema. */
export function currentTenant(): TenantRef {
  const tenant = storage.getStore();
  if (!tenant) throw new TenantRequiredError();
  return tenant;
}

export const currentTenantId = (): string => currentTenant().id;
export const currentTenantSchema = (): string => currentTenant().schemaName;
