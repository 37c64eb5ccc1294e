// THE one place that touches Prisma's private client internals (Prisma 7.10, pinned in package.json).
// Prisma has no runtime schema switch (prisma/orm#12420), and its request batching is per request
// handler: its DataLoader dispatches a tick's batch from one process.nextTick, in the async context of
// the first caller, keyed by model + argument and selection keys (no values, no tenant). So the one
// routed client reads its request handler from the bound tenant: every binding has a handler (and
// DataLoader) of its own and shares everything expensive: the compiled engine, its query plans, the
// data model and the client's proxies.
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

/** Checks every private shape the routed client relies on; throws PrismaInternalsChangedError otherwise. */
export function assertPrismaInternals(client: PrismaClient): void {
  const original = internalsOf(client);
  const handler = original._requestHandler;
  if (!handler || typeof handler !== 'object') throw new PrismaInternalsChangedError('no _requestHandler');
  if (typeof handler.constructor !== 'function' || handler.constructor.length !== 2) {
    throw new PrismaInternalsChangedError('RequestHandler is not constructed from (client, logEmitter)');
  }
  if (!('logEmitter' in handler) || handler.client !== original)
    throw new PrismaInternalsChangedError('RequestHandler shape');
  const loader = handler.dataloader;
  if (!loader || typeof loader.request !== 'function' || typeof loader.options?.batchBy !== 'function') {
    throw new PrismaInternalsChangedError('RequestHandler.dataloader shape');
  }
  const engine = original._engine;
  if (!engine || typeof engine !== 'object') throw new PrismaInternalsChangedError('no _engine');
  for (const method of ENGINE_METHODS) {
    if (typeof engine[method] !== 'function')
      throw new PrismaInternalsChangedError(`engine.${method} is not a function`);
  }
  if (typeof original.$extends !== 'function' || typeof original._request !== 'function' || !original._extensions) {
    throw new PrismaInternalsChangedError('client $extends/_request/_extensions');
  }
}

export interface RoutedClient {
  client: PrismaClient;
  /** A request handler of its own for one binding (about half a kilobyte). */
  newRequestHandler(): object;
}

/**
 * One client, derived from `client` the way Prisma's own $extends derives one (prototype-inherits the
 * original), whose request handler is `handlerOf()` at the moment a request enters it: the bound
 * binding's own, or the original's when nothing is bound (whose statements the router refuses).
 */
export function deriveRoutedClient(client: PrismaClient, handlerOf: () => object | undefined): RoutedClient {
  const original = internalsOf(client);
  const RequestHandlerCtor = original._requestHandler.constructor as RequestHandlerClass;
  const base: ClientInternals = Object.create(original);
  Object.defineProperties(base, {
    // $extends derives from `_originalClient`: pointing it at `base` keeps the override below.
    _originalClient: { value: base },
    _requestHandler: { get: () => handlerOf() ?? original._requestHandler },
  });
  return {
    client: base.$extends({}) as PrismaClient,
    newRequestHandler: () => new RequestHandlerCtor(base, original._requestHandler.logEmitter),
  };
}
