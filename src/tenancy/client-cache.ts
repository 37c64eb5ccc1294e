// Tenant clients are bindings to ONE shared Prisma engine (engine/tenant-engine.ts), kept in a
// bounded LRU keyed by schema name; the `public` control-plane client is its own, never evicted.
// A binding costs well under a kilobyte and owns no connection, so evicting one frees nothing but
// memory, and connections never exceed the pool's max however many tenants are served.
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { type Prisma, PrismaClient } from '../generated/prisma/client.js';
import { TenantEngine, type TenantEngineOptions } from './engine/tenant-engine.js';
import { assertManagedSchemaName } from './names.js';

export interface ClientCacheOptions {
  max: number;
  /** A binding unused for this long is dropped. */
  ttlMs: number;
  engine?: TenantEngineOptions;
  /** Wraps the control-plane client's driver adapter (tracing); the tenant engine has `engine.around`. */
  wrapControlAdapter?: (adapter: SqlDriverAdapter) => SqlDriverAdapter;
}

export interface ClientCacheStats {
  size: number;
  max: number;
  hits: number;
  misses: number;
  evictions: number;
}

export class ClientCache {
  readonly #control: PrismaClient;
  readonly #engine: TenantEngine;
  readonly #bindings: LRUCache<string, PrismaClient>;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(pool: pg.Pool, opts: ClientCacheOptions) {
    const control = new PrismaPg(pool, { schema: 'public' });
    const wrap = opts.wrapControlAdapter;
    const adapter: SqlDriverAdapterFactory = wrap
      ? {
          provider: control.provider,
          adapterName: control.adapterName,
          connect: async () => wrap(await control.connect()),
        }
      : control;
    this.#control = new PrismaClient({ adapter });
    this.#engine = new TenantEngine(pool, opts.engine);
    this.#bindings = new LRUCache<string, PrismaClient>({
      max: opts.max,
      ttl: opts.ttlMs,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      dispose: (_binding, _schema, reason) => {
        if (reason !== 'set') this.#evictions++;
      },
    });
  }

  /** The client of schema `public` (control-plane models). Never evicted. */
  control(): PrismaClient {
    return this.#control;
  }

  /** The binding of `schema` to the shared tenant engine; created on first use. */
  forSchema(schema: string): PrismaClient {
    assertManagedSchemaName(schema);
    if (schema === 'public') return this.#control;
    let binding = this.#bindings.get(schema);
    if (binding) {
      this.#hits++;
      return binding;
    }
    this.#misses++;
    binding = this.#engine.bind(schema);
    this.#bindings.set(schema, binding);
    return binding;
  }

  /** `"<placeholder>"."<table>"`: raw SQL through a binding names tenant tables with this. */
  tenantTable(name: string): Prisma.Sql {
    return this.#engine.table(name);
  }

  /** Drops a schema's binding (renamed, dropped or archived schema). */
  invalidate(schema: string): void {
    this.#bindings.delete(schema);
  }

  has(schema: string): boolean {
    return this.#bindings.has(schema);
  }

  stats(): ClientCacheStats {
    return {
      size: this.#bindings.size,
      max: this.#bindings.max,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
    };
  }

  async close(): Promise<void> {
    this.#bindings.clear();
    await Promise.all([
      this.#control.$disconnect().catch(() => undefined),
      this.#engine.disconnect().catch(() => undefined),
    ]);
  }
}
