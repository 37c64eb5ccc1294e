// Prometheus metrics of one gateway, in its own Registry (never prom-client's global one, so two
// gateways in a process — tests, benchmarks — never share or double-register series).
// Cache and pool figures are read from their owners at scrape time, never copied on each request.
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BoundedLabel } from './bounded-label.js';

interface CacheStats {
  size: number;
  hits: number;
  misses: number;
  evictions?: number;
}

/** What the scrape reads; Services satisfies it. `hosts` may be absent (older wiring, tools). */
export interface MetricSources {
  db: { pool: pg.Pool };
  clients: { stats(): CacheStats };
  hosts?: { stats(): CacheStats } | null;
}

export type Outcome = 'ok' | 'error';

/** Distinct tenants and operation names kept as label values; the rest count as "other". */
const MAX_TENANT_LABELS = 1000;
const MAX_OPERATION_LABELS = 100;

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #tenants = new BoundedLabel(MAX_TENANT_LABELS);
  readonly #operations = new BoundedLabel(MAX_OPERATION_LABELS);
  readonly #requests: Counter<'tenant' | 'operation' | 'outcome'>;
  readonly #duration: Histogram<'operation' | 'outcome'>;

  constructor(sources: () => MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#requests = new Counter({
      name: 'gateway_graphql_requests_total',
      help: 'GraphQL HTTP requests by tenant slug ("none" on the platform host or before resolution), operation and outcome.',
      labelNames: ['tenant', 'operation', 'outcome'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'gateway_graphql_request_duration_seconds',
      help: 'Time from request received to response ready, by operation and outcome.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });

    const cache = (prefix: string, what: string, read: () => CacheStats | undefined) => {
      gaugeFrom(registers, `${prefix}_size`, `${what}: entries held.`, () => read()?.size);
      counterFrom(registers, `${prefix}_hits_total`, `${what}: lookups answered from the cache.`, () => read()?.hits);
      counterFrom(registers, `${prefix}_misses_total`, `${what}: lookups that missed the cache.`, () => read()?.misses);
    };
    cache('gateway_client_cache', 'Prisma clients (one per tenant schema)', () => sources().clients.stats());
    counterFrom(
      registers,
      'gateway_client_cache_evictions_total',
      'Prisma clients dropped (LRU, TTL or invalidation).',
      () => sources().clients.stats().evictions,
    );
    cache('gateway_host_cache', 'Host → tenant resolutions (positive and negative)', () => sources().hosts?.stats());

    const pool = () => sources().db.pool;
    gaugeFrom(
      registers,
      'gateway_db_pool_connections_total',
      'Connections open in the shared pool.',
      () => pool().totalCount,
    );
    gaugeFrom(
      registers,
      'gateway_db_pool_connections_idle',
      'Open connections not checked out.',
      () => pool().idleCount,
    );
    gaugeFrom(
      registers,
      'gateway_db_pool_waiting_clients',
      'Queries waiting for a free connection.',
      () => pool().waitingCount,
    );
  }

  /** Records one finished GraphQL request. `operation` is "-" when nothing was executed. */
  observeRequest(sample: { tenant: string | null; operation: string; outcome: Outcome; seconds: number }): void {
    const operation = this.#operations.value(sample.operation);
    this.#requests.inc({ tenant: this.#tenants.value(sample.tenant ?? 'none'), operation, outcome: sample.outcome });
    this.#duration.observe({ operation, outcome: sample.outcome }, sample.seconds);
  }
}

function gaugeFrom(registers: Registry[], name: string, help: string, read: () => number | undefined) {
  new Gauge({
    name,
    help,
    registers,
    collect() {
      const value = read();
      if (value === undefined) this.reset();
      else this.set(value);
    },
  });
}

/** A counter whose running total is kept by its owner (a cache); exposed as a counter all the same. */
function counterFrom(registers: Registry[], name: string, help: string, read: () => number | undefined) {
  new Counter({
    name,
    help,
    registers,
    collect() {
      const value = read();
      this.reset();
      if (value !== undefined) this.inc(value);
    },
  });
}
