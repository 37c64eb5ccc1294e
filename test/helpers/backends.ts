// Postgres-side views of a gateway's connections, for fault tests: find them in pg_stat_activity and
// terminate them as an operator (or a failover) would, with pg_terminate_backend.
import type pg from 'pg';

/** Backends of the gateway's pool (application_name tenant-gateway) on the pool's database, except the caller's. */
const GATEWAY_BACKENDS = `
  SELECT pid FROM pg_stat_activity
   WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ANY($1::text[])`;

/** Terminates the gateway's connections; returns how many were terminated. `listener` adds the LISTEN connection. */
export async function terminateGatewayBackends(
  admin: pg.Pool,
  opts: { listener?: boolean; waitingOnLock?: boolean } = {},
): Promise<number> {
  const names = ['tenant-gateway', ...(opts.listener ? ['tenant-gateway-listener'] : [])];
  const { rows } = await admin.query<{ pid: number }>(
    `${GATEWAY_BACKENDS} ${opts.waitingOnLock ? `AND wait_event_type = 'Lock'` : ''}`,
    [names],
  );
  for (const { pid } of rows) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  return rows.length;
}

/** Gateway backends waiting on a lock right now. */
export async function backendsWaitingOnLock(admin: pg.Pool): Promise<number> {
  const { rows } = await admin.query(`${GATEWAY_BACKENDS} AND wait_event_type = 'Lock'`, [['tenant-gateway']]);
  return rows.length;
}

/** True when a change listener (LISTEN connection) is connected to the database. */
export async function listenerConnected(admin: pg.Pool): Promise<boolean> {
  const { rows } = await admin.query(`${GATEWAY_BACKENDS} AND state IS NOT NULL`, [['tenant-gateway-listener']]);
  return rows.length > 0;
}
