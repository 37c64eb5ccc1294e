// API calls are counted in memory per tenant and hour, and written in batches: one upsert per
// (tenant, hour) into tenant_usage_logs and tenants.usage.api_calls_per_month recomputed from those
// rows, in one transaction. Counts taken by a flush are put back if it fails; counts arriving
// during a flush wait for the next one. Nothing is lost or counted twice while the process lives.
import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { isUuid } from '../vocabulary.js';
import {
  addHourlyApiCalls,
  lockTenantsForMetering,
  setMonthApiCalls,
  syncMonthApiCalls,
} from './stores/usage-store.js';

const HOUR_MS = 3_600_000;

/** tenant id → hour bucket (epoch ms) → calls. */
type Counts = Map<string, Map<number, number>>;

export interface UsageMeterDeps {
  pool: pg.Pool;
  logger: Logger;
  flushIntervalMs?: number;
  /** Clock, for tests of hour and month boundaries. */
  now?: () => Date;
}

export function monthStartUtc(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

function total(byHour: Map<number, number> | undefined): number {
  let sum = 0;
  for (const n of byHour?.values() ?? []) sum += n;
  return sum;
}

function addTo(counts: Counts, tenantId: string, hour: number, n: number) {
  let byHour = counts.get(tenantId);
  if (!byHour) counts.set(tenantId, (byHour = new Map()));
  byHour.set(hour, (byHour.get(hour) ?? 0) + n);
}

export class UsageMeter {
  readonly #pool: pg.Pool;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #now: () => Date;
  #counts: Counts = new Map();
  #inFlight: Counts = new Map();
  #queue: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  /** Month whose totals every tenant's usage reflects; a new month resets them all once. */
  #monthSynced: number | undefined;
  /** Month totals as of this process's last flush, which are fresher than a cached tenant row. */
  #committed = new Map<string, { month: number; total: number }>();

  constructor(deps: UsageMeterDeps) {
    this.#pool = deps.pool;
    this.#logger = deps.logger;
    this.#intervalMs = deps.flushIntervalMs ?? 10_000;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Counts `n` API calls of a tenant in the current hour. Synchronous and cheap: called per request. */
  countApiCall(tenantId: string, n = 1): void {
    // Programming errors, never client input: a bad id would make the whole batch fail its uuid cast.
    if (!isUuid(tenantId)) throw new TypeError(`not a tenant id: ${String(tenantId)}`);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new TypeError(`API call count must be a non-negative integer, not ${n}`);
    if (n === 0) return;
    const hour = Math.floor(this.#now().getTime() / HOUR_MS) * HOUR_MS;
    addTo(this.#counts, tenantId.toLowerCase(), hour, n);
  }

  /** Calls counted and not yet committed (including a flush in progress): add them to tenants.usage for limits. */
  pending(tenantId: string): number {
    const id = String(tenantId).toLowerCase();
    return total(this.#counts.get(id)) + total(this.#inFlight.get(id));
  }

  /** This month's committed total of a tenant as seen by this process's last flush (undefined if none yet). */
  committedThisMonth(tenantId: string): number | undefined {
    const seen = this.#committed.get(String(tenantId).toLowerCase());
    return seen && seen.month === monthStartUtc(this.#now()).getTime() ? seen.total : undefined;
  }

  /** Flushes every flushIntervalMs until stop(). A failed flush is logged; its counts wait for the next. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.flush().catch((err: Error) =>
        this.#logger.error({ err }, 'usage: flushing API call counts failed; will retry'),
      );
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Writes everything counted so far. Flushes run one after another, never concurrently. */
  flush(): Promise<void> {
    const run = this.#queue.then(() => this.#flushOnce());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the interval and flushes what is left (3 attempts); throws if counts could not be written. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.flush();
      } catch (err) {
        const left = [...this.#counts.values()].reduce((sum, byHour) => sum + total(byHour), 0);
        if (attempt >= 3) {
          this.#logger.error({ err, calls: left }, 'usage: API call counts could not be written at shutdown');
          throw err;
        }
        this.#logger.warn({ err, attempt }, 'usage: final flush failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  async #flushOnce(): Promise<void> {
    const now = this.#now();
    const month = monthStartUtc(now);
    if (this.#monthSynced !== month.getTime()) {
      await this.#syncMonth(month);
      this.#monthSynced = month.getTime();
    }
    if (this.#counts.size === 0) return;
    const taken = this.#counts;
    this.#counts = new Map();
    this.#inFlight = taken;
    try {
      await this.#write(taken, month);
    } catch (err) {
      for (const [tenantId, byHour] of taken) for (const [hour, n] of byHour) addTo(this.#counts, tenantId, hour, n);
      throw err;
    } finally {
      this.#inFlight = new Map();
    }
  }

  async #write(taken: Counts, month: Date): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      // Flushes of other gateways wait on these locks and see our rows when they sum the month.
      // A tenant deleted meanwhile is simply not returned.
      const live = new Set(await lockTenantsForMetering(client, [...taken.keys()]));
      const ids: string[] = [];
      const hours: Date[] = [];
      const values: number[] = [];
      for (const [tenantId, byHour] of taken) {
        if (!live.has(tenantId)) {
          this.#logger.warn(
            { tenantId, calls: total(byHour) },
            'usage: tenant no longer exists; dropping its API call counts',
          );
          continue;
        }
        for (const [hour, n] of byHour) {
          ids.push(tenantId);
          hours.push(new Date(hour));
          values.push(n);
        }
      }
      if (ids.length) {
        await addHourlyApiCalls(client, { tenantIds: ids, hours, values });
        const totals = await setMonthApiCalls(client, [...live], month, nextMonthStart(month));
        for (const row of totals) this.#committed.set(row.id, { month: month.getTime(), total: Number(row.total) });
      }
    });
  }

  // Usage of tenants that made no call yet this month still shows last month's total: reset it.
  async #syncMonth(month: Date): Promise<void> {
    await syncMonthApiCalls(this.#pool, month, nextMonthStart(month));
  }
}
