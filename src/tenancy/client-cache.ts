// One PrismaClient per schema, all on the database's single pg.Pool, in a bounded LRU.
// Evicted clients are disconnected; connections never exceed the pool's max however many are cached.
import { PrismaPg } from '@prisma/adapter-pg';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { assertManagedSchemaName } from './names.js';

export interface ClientCacheOptions {
  max: number;
  /** A client unused for this long is dropped. */
  ttlMs: number;
}

export interface ClientCacheStats {
  size: number;
  max: number;
  hits: number;
  misses: number;
  evictions: number;
}

export class ClientCache {
  readonly #pool: pg.Pool;
  readonly #control: PrismaClient;
  readonly #clients: LRUCache<string, PrismaClient>;
  readonly #disconnecting = new Set<Promise<void>>();
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(pool: pg.Pool, opts: ClientCacheOptions) {
    this.#pool = pool;
    this.#control = this.#create('public');
    this.#clients = new LRUCache<string, PrismaClient>({
      max: opts.max,
      ttl: opts.ttlMs,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      dispose: (client, _schema, reason) => {
        if (reason !== 'set') this.#evictions++;
        this.#disconnect(client);
      },
    });
  }

  /** The client of schema `public` (control-plane models). Never evicted. */
  control(): PrismaClient {
    return this.#control;
  }

  /** The client bound to `schema`; created on first use. */
  forSchema(schema: string): PrismaClient {
    assertManagedSchemaName(schema);
    if (schema === 'public') return this.#control;
    let client = this.#clients.get(schema);
    if (client) {
      this.#hits++;
      return client;
    }
    this.#misses++;
    client = this.#create(schema);
    this.#clients.set(schema, client);
    return client;
  }

  /** Drops a schema's client (renamed, dropped or archived schema). */
  invalidate(schema: string): void {
    this.#clients.delete(schema);
  }

  has(schema: string): boolean {
    return this.#clients.has(schema);
  }

  stats(): ClientCacheStats {
    return { size: this.#clients.size, max: this.#clients.max, hits: this.#hits, misses: this.#misses, evictions: this.#evictions };
  }

  async close(): Promise<void> {
    this.#clients.clear();
    this.#disconnect(this.#control);
    await Promise.all(this.#disconnecting);
  }

  #create(schema: string): PrismaClient {
    return new PrismaClient({ adapter: new PrismaPg(this.#pool, { schema }) });
  }

  #disconnect(client: PrismaClient): void {
    const done = client.$disconnect().catch(() => undefined).finally(() => this.#disconnecting.delete(done));
    this.#disconnecting.add(done);
  }
}
