// Citus schema-based sharding: each tenant schema is a distributed schema whose tables live
// together on one node; queries on it are routed there. What the gateway asks Citus: whether it is
// there at all, where a tenant lives (placement), moving a tenant to another node online
// (citus_schema_move, logical replication: writes go on during the copy), the rebalancer, and the
// per-tenant statistics (citus_stat_tenants). The control plane (public) stays on the coordinator.
import type pg from 'pg';
import { BadUserInputError, ConflictError, NotFoundError } from '../errors.js';
import { assertManagedSchemaName } from './identifiers.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** The installed Citus version, or null on a plain PostgreSQL server. */
export async function citusVersion(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'citus'`);
  return rows[0]?.v ?? null;
}

/**
 * Inside the caller's transaction: makes the next CREATE SCHEMA a distributed schema when the
 * database has Citus (SET LOCAL citus.enable_schema_based_sharding); a no-op on plain PostgreSQL.
 */
export async function distributeNewSchemasIn(client: Queryable): Promise<void> {
  await client.query(
    `SELECT set_config('citus.enable_schema_based_sharding', 'on', true) FROM pg_extension WHERE extname = 'citus'`,
  );
}

/**
 * Bytes of the tables, materialized views and sequences of `schemas` on Citus, distributed tables
 * measured where their shards live (citus_total_relation_size; pg_total_relation_size sees only the
 * coordinator's empty shell). Null on plain PostgreSQL (callers measure as before). Citus refuses
 * its size functions inside a transaction that modified distributed tables: call it outside one.
 */
export async function citusSchemaBytes(db: Queryable, schemas: string[]): Promise<number | null> {
  if (!(await citusVersion(db))) return null;
  const { rows } = await db.query<{ bytes: string }>(
    `SELECT coalesce(sum(CASE WHEN p.logicalrelid IS NULL THEN pg_total_relation_size(c.oid) ELSE citus_total_relation_size(c.oid) END), 0)::bigint AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'm', 'S')`,
    [schemas],
  );
  return Number(rows[0]!.bytes);
}

export interface CitusNodeRef {
  /** host:port, as citus_schema_move takes it. */
  node: string;
  host: string;
  port: number;
}

export interface TenantPlacement {
  /** Where the schema's tables live: host:port of a worker (or the coordinator). */
  node: string;
  /** Bytes of the tenant's tables on that node (citus_schemas.schema_size). */
  sizeBytes: number;
  /** Citus colocation group of the schema. */
  colocationId: number;
}

/** The nodes that can hold tenant schemas. */
export async function citusNodes(db: Queryable): Promise<CitusNodeRef[]> {
  const { rows } = await db.query<{ host: string; port: number }>(
    `SELECT nodename AS host, nodeport AS port FROM pg_dist_node
      WHERE noderole = 'primary' AND isactive AND shouldhaveshards ORDER BY groupid`,
  );
  return rows.map((r) => ({ host: r.host, port: Number(r.port), node: `${r.host}:${r.port}` }));
}

/** Where a distributed tenant schema lives; null when the schema is not distributed (or Citus is absent). */
export async function tenantPlacement(db: Queryable, schema: string): Promise<TenantPlacement | null> {
  assertManagedSchemaName(schema);
  if (!(await citusVersion(db))) return null;
  const { rows } = await db.query<{ host: string; port: number; size: string; colocation: number }>(
    `SELECT n.nodename AS host, n.nodeport AS port, s.colocation_id AS colocation,
            (SELECT coalesce(sum(sh.shard_size), 0) FROM citus_shards sh WHERE sh.colocation_id = s.colocation_id)::text AS size
       FROM citus_schemas s
       JOIN pg_dist_partition p ON p.colocationid = s.colocation_id
       JOIN pg_dist_shard ds ON ds.logicalrelid = p.logicalrelid
       JOIN pg_dist_placement pl ON pl.shardid = ds.shardid
       JOIN pg_dist_node n ON n.groupid = pl.groupid
      WHERE s.schema_name = to_regnamespace($1)
      LIMIT 1`,
    [schema],
  );
  const r = rows[0];
  return r ? { node: `${r.host}:${r.port}`, sizeBytes: Number(r.size), colocationId: Number(r.colocation) } : null;
}

const NODE = /^([A-Za-z0-9.-]{1,253}|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;

/** host:port → a node of the cluster, or BAD_USER_INPUT naming the nodes there are. */
export async function resolveNode(db: Queryable, node: string): Promise<CitusNodeRef> {
  const match = typeof node === 'string' ? NODE.exec(node.trim()) : null;
  const nodes = await citusNodes(db);
  const found = match ? nodes.find((n) => n.host === match[1] && n.port === Number(match[2])) : undefined;
  if (!found) {
    throw new BadUserInputError(
      `Unknown node "${String(node).slice(0, 300)}": expected host:port of one of ${nodes.map((n) => n.node).join(', ') || '(no nodes)'}.`,
      {
        field: 'node',
      },
    );
  }
  return found;
}

/**
 * Moves a distributed tenant schema to `node` with citus_schema_move in logical-replication mode:
 * reads and writes go on while the data is copied; only the final switch-over holds a short lock.
 * Returns the placement before and after. A schema already on `node` is left alone.
 */
export async function moveTenantSchema(
  db: pg.Pool,
  schema: string,
  node: string,
): Promise<{ from: TenantPlacement; to: TenantPlacement }> {
  assertManagedSchemaName(schema);
  if (!(await citusVersion(db)))
    throw new ConflictError(
      'Moving a tenant needs Citus (schema-based sharding); this database has no citus extension.',
    );
  const from = await tenantPlacement(db, schema);
  if (!from) throw new NotFoundError('Distributed tenant schema');
  const target = await resolveNode(db, node);
  if (from.node !== target.node) {
    // A move copies the whole schema: it may run far longer than DATABASE_STATEMENT_TIMEOUT_MS.
    const client = await db.connect();
    let broken: Error | undefined;
    try {
      await client.query('SET statement_timeout = 0');
      await client.query(`SELECT citus_schema_move(to_regnamespace($1), $2, $3, 'force_logical')`, [
        schema,
        target.host,
        target.port,
      ]);
      await client.query('RESET statement_timeout');
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      // A connection whose session setting could not be reset is not reused.
      client.release(broken);
    }
  }
  return { from, to: (await tenantPlacement(db, schema))! };
}

export interface RebalanceStatus {
  jobId: number | null;
  state: string;
  /** Tasks (shard-group moves) by state, e.g. { done: 3, runnable: 1 }. */
  tasks: Record<string, number>;
}

/** Starts Citus' background rebalancer (moves colocation groups, tenant schemas included, to even out nodes). */
export async function startRebalance(db: Queryable): Promise<RebalanceStatus> {
  try {
    await db.query(`SELECT citus_rebalance_start(shard_transfer_mode := 'force_logical')`);
  } catch (err) {
    // "No moves available for rebalancing": already balanced.
    if (!/no moves available/i.test((err as Error).message)) throw err;
  }
  return rebalanceStatus(db);
}

export async function rebalanceStatus(db: Queryable): Promise<RebalanceStatus> {
  const { rows } = await db
    .query<{ job_id: string; state: string; details: { tasks?: { state: string }[] } | null }>(
      `SELECT job_id::text, state::text, details FROM citus_rebalance_status() ORDER BY job_id DESC LIMIT 1`,
    )
    .catch(() => ({ rows: [] as { job_id: string; state: string; details: null }[] }));
  const r = rows[0];
  if (!r) return { jobId: null, state: 'none', tasks: {} };
  const tasks: Record<string, number> = {};
  const detail = (r.details ?? {}) as { task_state_counts?: Record<string, number> };
  for (const [k, v] of Object.entries(detail.task_state_counts ?? {})) tasks[k] = Number(v);
  return { jobId: Number(r.job_id), state: r.state, tasks };
}

export interface TenantCost {
  schemaName: string;
  /** Queries in the current and the previous period (citus.stat_tenants_period, 60 s by default). */
  queriesThisPeriod: number;
  queriesLastPeriod: number;
  readsThisPeriod: number;
  /** CPU seconds spent on the tenant's queries. */
  cpuSecondsThisPeriod: number;
  cpuSecondsLastPeriod: number;
}

/**
 * Per-tenant database cost from citus_stat_tenants (needs citus.stat_tenants_track = 'all').
 * For distributed schemas the tenant attribute is the schema; null when Citus is absent.
 */
export async function tenantCosts(db: Queryable, schemas?: string[]): Promise<TenantCost[] | null> {
  if (!(await citusVersion(db))) return null;
  const { rows } = await db.query<{
    schema: string;
    q: string;
    ql: string;
    r: string;
    cpu: number;
    cpul: number;
  }>(
    `SELECT n.nspname AS schema,
            sum(t.query_count_in_this_period)::text AS q, sum(t.query_count_in_last_period)::text AS ql,
            sum(t.read_count_in_this_period)::text AS r,
            sum(t.cpu_usage_in_this_period)::float8 AS cpu, sum(t.cpu_usage_in_last_period)::float8 AS cpul
       FROM citus_stat_tenants t
       JOIN citus_schemas s ON s.colocation_id = t.colocation_id
       JOIN pg_namespace n ON n.oid = s.schema_name::oid
      WHERE $1::text[] IS NULL OR n.nspname = ANY($1::text[])
      GROUP BY n.nspname ORDER BY 5 DESC, 1`,
    [schemas ?? null],
  );
  return rows.map((r) => ({
    schemaName: r.schema,
    queriesThisPeriod: Number(r.q),
    queriesLastPeriod: Number(r.ql),
    readsThisPeriod: Number(r.r),
    cpuSecondsThisPeriod: Number(r.cpu),
    cpuSecondsLastPeriod: Number(r.cpul),
  }));
}
