// One compiled Prisma engine for every tenant schema. `bind(schema)` returns a near-free binding (a
// proxy holding its tenant and its own request handler, over ONE routed client that shares the
// engine, its query plans and the data model); the routing adapter puts the bound schema into every
// statement. A binding holds its tenant itself, so a lazy PrismaPromise built for tenant A runs for A
// wherever it is awaited.
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { assertManagedSchemaName, quoteIdent } from '../names.js';
import { bindClient } from './binding.js';
import { boundTenant } from './bound-schema.js';
import { assertPrismaInternals, deriveRoutedClient, type RoutedClient } from './prisma-internals.js';
import { RoutingAdapterFactory, type RoutingOptions } from './routing-adapter.js';

/** A schema name no tenant can have (tenant schemas start with a letter), random per process. */
export function newPlaceholder(): string {
  return `__tenant_${randomBytes(6).toString('hex')}__`;
}

export interface TenantEngineOptions {
  placeholder?: string;
  around?: RoutingOptions['around'];
}

export class TenantEngine {
  readonly placeholder: string;
  readonly #shared: PrismaClient;
  readonly #routed: RoutedClient;

  constructor(pool: pg.Pool, options: TenantEngineOptions = {}) {
    this.placeholder = options.placeholder ?? newPlaceholder();
    const adapter = new RoutingAdapterFactory(new PrismaPg(pool, { schema: this.placeholder }), {
      placeholder: this.placeholder,
      around: options.around,
    });
    this.#shared = new PrismaClient({ adapter });
    assertPrismaInternals(this.#shared);
    this.#routed = deriveRoutedClient(this.#shared, () => boundTenant()?.handler);
  }

  /** A client whose every statement runs in `schema`. Cheap: cache it, or don't. */
  bind(schema: string): PrismaClient {
    assertManagedSchemaName(schema);
    if (schema === 'public') throw new Error('TenantEngine.bind: public holds the control plane, not tenant tables');
    return bindClient(this.#routed.client, { schema, handler: this.#routed.newRequestHandler() });
  }

  /** `"<placeholder>"."<table>"` for raw SQL through a binding: routed to the bound tenant's schema. */
  table(name: string): Prisma.Sql {
    return Prisma.raw(`"${this.placeholder}".${quoteIdent(name)}`);
  }

  /** The shared engine itself: unbound, so every statement through it is refused (tests prove it). */
  unbound(): PrismaClient {
    return this.#shared;
  }

  disconnect(): Promise<void> {
    return this.#shared.$disconnect();
  }
}
