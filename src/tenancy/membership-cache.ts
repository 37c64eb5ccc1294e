// Active memberships per (account, tenant), cached across requests so an authorized request does not
// pay a membership query. Every member change is published on the ChangeBus (LISTEN/NOTIFY), and
// each gateway drops that tenant's entries, so a removed member loses access as fast as a suspended
// tenant does; a lost notification (listener reconnect) clears everything, and the TTL bounds
// staleness for changes made outside the gateway (direct SQL).
import { LRUCache } from 'lru-cache';
import type { PrismaClient, TenantMember } from '../generated/prisma/client.js';
import type { TenantChange } from './changes.js';

export interface MembershipCacheOptions {
  max: number;
  /** 0 turns the cache off (every check reads the database). */
  ttlMs: number;
}

/** LRUCache cannot hold null: "no active membership" is cached as this. */
const NONE = Symbol('no membership');
type Entry = TenantMember | typeof NONE;

export class MembershipCache {
  readonly #control: PrismaClient;
  readonly #entries: LRUCache<string, Entry> | null;
  /** Keys per tenant, so a tenant's change drops exactly its entries. */
  readonly #byTenant = new Map<string, Set<string>>();
  #hits = 0;
  #misses = 0;

  constructor(control: PrismaClient, opts: MembershipCacheOptions) {
    this.#control = control;
    this.#entries =
      opts.ttlMs > 0 && opts.max > 0
        ? new LRUCache<string, Entry>({
            max: opts.max,
            ttl: opts.ttlMs,
            dispose: (_value, key) => this.#forgetKey(key),
          })
        : null;
  }

  /** The membership that counts (status active, accepted), or null. */
  async active(accountId: string, tenantId: string): Promise<TenantMember | null> {
    const key = `${tenantId}:${accountId}`;
    const cached = this.#entries?.get(key);
    if (cached !== undefined) {
      this.#hits++;
      return cached === NONE ? null : cached;
    }
    this.#misses++;
    // The generation guards against a change that lands while this read is in flight.
    const generation = this.#generation(tenantId);
    const member = await this.#control.tenantMember.findFirst({
      where: { tenantId, userId: accountId, status: 'active', acceptedAt: { not: null } },
    });
    if (this.#entries && generation === this.#generation(tenantId)) {
      this.#entries.set(key, member ?? NONE);
      let keys = this.#byTenant.get(tenantId);
      if (!keys) this.#byTenant.set(tenantId, (keys = new Set()));
      keys.add(key);
    }
    return member;
  }

  /** ChangeBus listener: a tenant's change drops its entries; one without a tenant (resync) drops all. */
  onChange(change: TenantChange): void {
    if (change.tenantId) this.invalidateTenant(change.tenantId);
    else this.clear();
  }

  invalidateTenant(tenantId: string): void {
    this.#bump(tenantId);
    for (const key of this.#byTenant.get(tenantId) ?? []) this.#entries?.delete(key);
    this.#byTenant.delete(tenantId);
  }

  clear(): void {
    this.#allGeneration++;
    this.#entries?.clear();
    this.#byTenant.clear();
  }

  stats() {
    return { size: this.#entries?.size ?? 0, hits: this.#hits, misses: this.#misses };
  }

  #generations = new Map<string, number>();
  #allGeneration = 0;
  #generation(tenantId: string): string {
    return `${this.#allGeneration}:${this.#generations.get(tenantId) ?? 0}`;
  }
  #bump(tenantId: string): void {
    this.#generations.set(tenantId, (this.#generations.get(tenantId) ?? 0) + 1);
  }

  #forgetKey(key: string): void {
    const tenantId = key.slice(0, key.indexOf(':'));
    const keys = this.#byTenant.get(tenantId);
    keys?.delete(key);
    if (keys?.size === 0) this.#byTenant.delete(tenantId);
  }
}
