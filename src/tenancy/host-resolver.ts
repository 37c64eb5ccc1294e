// Host → tenant from the registry (docs/ARCHITECTURE.md "The request path"), cached.
// Both answers are cached: a positive one per served host and a negative one per unknown host, in
// two bounded LRUs so a flood of made-up hosts can only evict other made-up hosts, never the tenants.
// Every tenant/domain change clears both (services.ts wires this to the ChangeBus, which also carries
// the changes of every other gateway on the database); the TTL only bounds staleness when a writer
// forgot to publish.
import { LRUCache } from 'lru-cache';
import type { PrismaClient, Tenant } from '../generated/prisma/client.js';

export interface HostCacheOptions {
  max: number;
  ttlMs: number;
}

export interface HostCacheStats {
  /** Cached answers, positive and negative. */
  size: number;
  hits: number;
  misses: number;
}

export interface HostLookup {
  host: string;
  /** Set for `<slug>.<BASE_DOMAIN>`: tried after the custom domains. */
  slug: string | null;
}

export class HostResolver {
  readonly #control: PrismaClient;
  readonly #found: LRUCache<string, Tenant>;
  readonly #missing: LRUCache<string, true>;
  readonly #inFlight = new Map<string, Promise<Tenant | null>>();
  /** Bumped by invalidateAll: a lookup that started before a change must not cache its (stale) answer. */
  #generation = 0;
  #hits = 0;
  #misses = 0;

  constructor(control: PrismaClient, opts: HostCacheOptions) {
    this.#control = control;
    this.#found = new LRUCache({ max: opts.max, ttl: opts.ttlMs });
    this.#missing = new LRUCache({ max: opts.max, ttl: opts.ttlMs });
  }

  /** The tenant served at `host` (whatever its status), or null. */
  async lookup({ host, slug }: HostLookup): Promise<Tenant | null> {
    const found = this.#found.get(host);
    if (found) {
      this.#hits++;
      return found;
    }
    if (this.#missing.has(host)) {
      this.#hits++;
      return null;
    }
    this.#misses++;
    // Concurrent first requests for one host share a single query.
    let pending = this.#inFlight.get(host);
    if (!pending) {
      const generation = this.#generation;
      pending = this.#query(host, slug).then((tenant) => {
        if (generation === this.#generation) {
          if (tenant) this.#found.set(host, tenant);
          else this.#missing.set(host, true);
        }
        return tenant;
      });
      const settled = () => {
        if (this.#inFlight.get(host) === pending) this.#inFlight.delete(host);
      };
      pending.then(settled, settled);
      this.#inFlight.set(host, pending);
    }
    return pending;
  }

  /** Forgets every answer: called on each tenant/domain change, here or in another gateway. */
  invalidateAll(): void {
    this.#generation++;
    this.#inFlight.clear();
    this.#found.clear();
    this.#missing.clear();
  }

  stats(): HostCacheStats {
    return { size: this.#found.size + this.#missing.size, hits: this.#hits, misses: this.#misses };
  }

  async #query(host: string, slug: string | null): Promise<Tenant | null> {
    const verifiedDomain = { domain: host, verifiedAt: { not: null } };
    // Each of the three keys is unique in its table, so at most three tenants match; rank them in
    // the order of resolution: verified custom domain, tenants.domain, then the slug.
    const matches = await this.#control.tenant.findMany({
      where: { OR: [{ domains: { some: verifiedDomain } }, { domain: host }, ...(slug ? [{ slug }] : [])] },
      include: { domains: { where: verifiedDomain, select: { id: true } } },
      take: 3,
    });
    const rank = (t: (typeof matches)[number]) => (t.domains.length > 0 ? 0 : t.domain === host ? 1 : 2);
    const best = matches.sort((a, b) => rank(a) - rank(b))[0];
    if (!best) return null;
    const { domains: _domains, ...tenant } = best;
    return tenant;
  }
}
