// THE one place that touches Prisma's private client internals (Prisma 7.10, pinned in package.json).
// Prisma has no runtime schema switch (prisma/orm#12420), and its request batching is per client:
// its DataLoader dispatches a tick's batch from one process.nextTick, in the async context of the
// first caller, keyed by model + argument and selection keys (no values, no tenant). A binding
// therefore gets its own request handler (its own DataLoader) and its own view of the engine, and
// shares everything expensive: the compiled engine, its query plans and the data model.
//
// If a Prisma upgrade changes these shapes, the gateway refuses to start (assertPrismaInternals)
// rather than route a batch to the wrong schema.
import type { PrismaClient } from '../../generated/prisma/client.js';

interface RequestHandler {
  dataloader: { request: unknown; options: { batchBy: unknown; batchLoader: unknown; singleLoader: unknown } };
  logEmitter: unknown;
  client: unknown;
}
type RequestHandlerClass = new (client: object, logEmitter: unknown) => RequestHandler;

interface ClientInternals {
  _originalClient: ClientInternals;
  _requestHandler: RequestHandler;
  _engine: Record<string, unknown>;
  _extensions: unknown;
  $extends: (extension: object) => unknown;
  _request: unknown;
}

const ENGINE_METHODS = ['request', 'requestBatch', 'transaction'] as const;

export class PrismaInternalsChangedError extends Error {
  override name = 'PrismaInternalsChangedError';
  constructor(what: string) {
    super(
      `Prisma's client internals are not what the tenant engine expects (${what}). Per-tenant bindings rely on them ` +
        '(src/tenancy/engine/prisma-internals.ts); refusing to start rather than risk batching across tenants. ' +
        'Install the Prisma version pinned in package.json.',
    );
  }
}

function internalsOf(client: PrismaClient): ClientInternals {
  const original = (client as unknown as ClientInternals)._originalClient;
  if (!original || typeof original !== 'object') throw new PrismaInternalsChangedError('no _originalClient');
  return original;
}

/** Checks every private shape bindTo relies on; throws PrismaInternalsChangedError otherwise. */
export function assertPrismaInternals(client: PrismaClient): void {
  const original = internalsOf(client);
  const handler = original._requestHandler;
  if (!handler || typeof handler !== 'object') throw new PrismaInternalsChangedError('no _requestHandler');
  if (typeof handler.constructor !== 'function' || handler.constructor.length !== 2) {
    throw new PrismaInternalsChangedError('RequestHandler is not constructed from (client, logEmitter)');
  }
  if (!('logEmitter' in handler) || handler.client !== original) throw new PrismaInternalsChangedError('RequestHandler shape');
  const loader = handler.dataloader;
  if (!loader || typeof loader.request !== 'function' || typeof loader.options?.batchBy !== 'function') {
    throw new PrismaInternalsChangedError('RequestHandler.dataloader shape');
  }
  const engine = original._engine;
  if (!engine || typeof engine !== 'object') throw new PrismaInternalsChangedError('no _engine');
  for (const method of ENGINE_METHODS) {
    if (typeof engine[method] !== 'function') throw new PrismaInternalsChangedError(`engine.${method} is not a function`);
  }
  if (typeof original.$extends !== 'function' || typeof original._request !== 'function' || !original._extensions) {
    throw new PrismaInternalsChangedError('client $extends/_request/_extensions');
  }
}

/**
 * A client that shares `client`'s compiled engine but has its own request handler (so its batches
 * are its own) and sees the engine through `wrapEngine` (which binds every engine call to a schema).
 * Built as Prisma's own $extends builds a derived client: prototype-inherits the original.
 */
export function deriveClient(client: PrismaClient, wrapEngine: (engine: object) => object): PrismaClient {
  const original = internalsOf(client);
  const RequestHandlerCtor = original._requestHandler.constructor as RequestHandlerClass;
  const base: ClientInternals = Object.create(original);
  Object.defineProperties(base, {
    // $extends derives from `_originalClient`: pointing it at `base` keeps the overrides below.
    _originalClient: { value: base },
    _engine: { value: wrapEngine(original._engine) },
    _requestHandler: { value: new RequestHandlerCtor(base, original._requestHandler.logEmitter) },
    // A binding never owns the engine: disconnecting one must not stop the shared engine.
    $connect: { value: async () => undefined },
    $disconnect: { value: async () => undefined },
  });
  return base.$extends({}) as PrismaClient;
}

/** An engine view that runs every method call inside `enter` (which binds the schema). */
export function wrapEngineCalls(engine: object, enter: <T>(fn: () => T) => T): object {
  return new Proxy(engine, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => enter(() => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}
