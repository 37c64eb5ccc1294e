// Tenant/domain changes, announced to this process and to every other gateway on the same database
// (Postgres LISTEN/NOTIFY), so caches that hold a tenant (host resolution, Prisma clients…) drop it.
import pg from 'pg';
import { z } from 'zod';

export const CHANGES_CHANNEL = 'tenant_gateway_changes';

export const tenantChangeSchema = z.object({
  /** What happened, for logs: created, updated, suspended, archived, deleted, domain… */
  kind: z.string().max(40),
  tenantId: z.string().max(64).optional(),
  slug: z.string().max(63).optional(),
  /** Schemas whose Prisma clients must go (renamed, archived, dropped). */
  schemas: z.array(z.string().max(63)).max(10).optional(),
  /** Host names whose resolution may have changed. */
  domains: z.array(z.string().max(253)).max(100).optional(),
  /** Set by publish(): lets a process skip its own notifications (it already applied them). */
  origin: z.string().max(64).optional(),
});

export type TenantChange = z.infer<typeof tenantChangeSchema>;
export type ChangeListener = (change: TenantChange) => void;

export class ChangeBus {
  readonly origin = crypto.randomUUID();
  readonly #pool: pg.Pool;
  readonly #listeners = new Set<ChangeListener>();
  #client: pg.Client | undefined;
  #closed = false;
  #onError: (err: Error) => void;

  constructor(pool: pg.Pool, onError: (err: Error) => void = () => undefined) {
    this.#pool = pool;
    this.#onError = onError;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies the change here at once, then tells the other processes. */
  async publish(change: TenantChange): Promise<void> {
    const message = { ...change, origin: this.origin };
    this.#deliver(message);
    await this.#pool.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(message)]);
  }

  /** Starts listening on a dedicated connection (LISTEN cannot share pooled ones); reconnects on loss. */
  async listen(connectionString: string): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString, application_name: 'tenant-gateway-listener' });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL || !msg.payload) return;
      const parsed = tenantChangeSchema.safeParse(safeJson(msg.payload));
      if (parsed.success && parsed.data.origin !== this.origin) this.#deliver(parsed.data);
    });
    client.on('error', (err) => {
      this.#onError(err);
      this.#reconnect(connectionString, client);
    });
    client.on('end', () => this.#reconnect(connectionString, client));
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    this.#client = client;
    // While we were disconnected, notifications were lost: everything cached may be stale.
    this.#deliver({ kind: 'resync' });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#client?.end().catch(() => undefined);
  }

  #reconnect(connectionString: string, failed: pg.Client) {
    if (this.#closed || this.#client !== failed) return;
    this.#client = undefined;
    const retry = (delay: number) =>
      setTimeout(() => {
        this.listen(connectionString).catch((err: Error) => {
          this.#onError(err);
          if (!this.#closed) retry(Math.min(delay * 2, 10_000));
        });
      }, delay).unref();
    retry(250);
  }

  #deliver(change: TenantChange) {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (err) {
        this.#onError(err as Error);
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
