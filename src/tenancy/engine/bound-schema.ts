// The schema a statement is routed to. Set only by a binding's engine wrapper (tenant-engine.ts),
// at the moment a binding's own request handler enters the shared engine, so it follows the binding
// that built a query, never the context of whoever happened to await it.
import { AsyncLocalStorage } from 'node:async_hooks';

const bound = new AsyncLocalStorage<string>();

export function runBound<T>(schema: string, fn: () => T): T {
  return bound.run(schema, fn);
}

export function boundSchema(): string | undefined {
  return bound.getStore();
}
