// A tenant binding: the one routed client, seen through a proxy that holds its tenant itself. Every
// promise it hands out (model operations, fluent relations, raw queries, batch elements) is started
// inside its own BoundTenant, whatever context it is awaited in: a PrismaPromise is lazy and would
// otherwise run in the context where it is first awaited. Interactive-transaction clients are bound
// the same way. A binding retains about a kilobyte: its BoundTenant, its request handler and a proxy.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { CONTROL_DELEGATES, TENANT_DELEGATES } from '../model-kinds.js';
import { runBound, type BoundTenant } from './bound-schema.js';

const TENANT = Symbol('bound tenant');
const STARTS = new Set<PropertyKey>(['then', 'catch', 'finally', 'requestTransaction']);

type AnyFunction = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The tenant a binding, or a promise it handed out, is bound to (undefined for anything else). */
export function tenantOf(value: unknown): BoundTenant | undefined {
  return (typeof value === 'object' || typeof value === 'function') && value !== null
    ? (value as { [TENANT]?: BoundTenant })[TENANT]
    : undefined;
}

function bindResult(value: unknown, tenant: BoundTenant): unknown {
  return isThenable(value) ? bindPromise(value, tenant) : value;
}

/** Starting (then/catch/finally/requestTransaction) enters the tenant; fluent relations stay bound. */
function bindPromise(promise: PromiseLike<unknown>, tenant: BoundTenant): PromiseLike<unknown> {
  return new Proxy(promise, {
    get(target, prop) {
      if (prop === TENANT) return tenant;
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (STARTS.has(prop))
        return (...args: unknown[]) =>
          bindResult(
            runBound(tenant, () => (value as AnyFunction).apply(target, args)),
            tenant,
          );
      return (...args: unknown[]) => bindResult((value as AnyFunction).apply(target, args), tenant);
    },
  });
}

function bindDelegate(delegate: object, tenant: BoundTenant): object {
  return new Proxy(delegate, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => bindResult((value as AnyFunction).apply(target, args), tenant);
    },
  });
}

/** `client` (the routed client, or an interactive transaction's client) bound to `tenant`. */
export function bindClient(client: PrismaClient, tenant: BoundTenant): PrismaClient {
  return new Proxy(client, {
    has(target, prop) {
      return Reflect.has(target, prop);
    },
    get(target, prop) {
      if (prop === TENANT) return tenant;
      if (prop === '$transaction')
        return (arg: unknown, options?: unknown) => transaction(target, tenant, arg, options);
      // A binding owns no connection: connecting or disconnecting one must not touch the shared engine.
      if (prop === '$connect' || prop === '$disconnect') return async () => undefined;
      if (prop === '$extends' || prop === '$on') {
        throw new Error(`${String(prop)} is not available on a tenant binding (it would escape the binding)`);
      }
      if (typeof prop === 'string' && CONTROL_DELEGATES.has(prop)) {
        throw new Error(`"${prop}" is a control-plane model: use ClientCache.control(), not a tenant binding`);
      }
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof prop === 'string' && TENANT_DELEGATES.has(prop)) return bindDelegate(value as object, tenant);
      if (typeof value === 'function')
        return (...args: unknown[]) => bindResult((value as AnyFunction).apply(target, args), tenant);
      return value;
    },
  });
}

function transaction(client: PrismaClient, tenant: BoundTenant, arg: unknown, options: unknown): Promise<unknown> {
  if (typeof arg === 'function') {
    const callback = arg as (tx: PrismaClient) => Promise<unknown>;
    return runBound(tenant, () =>
      client.$transaction((tx) => callback(bindClient(tx as PrismaClient, tenant)), options as never),
    );
  }
  if (Array.isArray(arg)) {
    // A batch runs as one transaction on one connection: every element must come from this binding.
    const foreign = arg.findIndex((element) => tenantOf(element) !== tenant);
    if (foreign !== -1) {
      return Promise.reject(
        new Error(
          `$transaction([...]) element ${foreign} was not built by this tenant binding: refused (a batch cannot span tenants)`,
        ),
      );
    }
    return runBound(tenant, () => client.$transaction(arg as never, options as never));
  }
  return runBound(tenant, () => client.$transaction(arg as never, options as never));
}
