// What the connected Postgres server says about itself, for `doctor` and the benchmarks.
import type pg from 'pg';

export interface ServerFacts {
  version: string;
  versionNum: number;
  database: string;
  maxConnections: number;
  /** superuser_reserved_connections (+ reserved_connections on PostgreSQL 16+): not for ordinary roles. */
  reservedConnections: number;
  /** Connections open on the whole server right now. */
  openConnections: number;
}

export async function serverFacts(db: Pick<pg.Pool, 'query'>): Promise<ServerFacts> {
  const { rows } = await db.query<{
    version: string;
    num: string;
    db: string;
    max: string;
    su: string;
    reserved: string | null;
    open: string;
  }>(
    `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num, current_database() AS db,
            current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS su,
            current_setting('reserved_connections', true) AS reserved,
            (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::text AS open`,
  );
  const r = rows[0]!;
  return {
    version: r.version,
    versionNum: Number(r.num),
    database: r.db,
    maxConnections: Number(r.max),
    reservedConnections: Number(r.su) + Number(r.reserved ?? 0),
    openConnections: Number(r.open),
  };
}
