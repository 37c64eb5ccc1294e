// Transaction poolers (PgBouncer pool_mode=transaction, and the like) hand a server connection to a
// client for one transaction only. Requests are fine with that; session state is not: LISTEN, a
// session advisory lock held across transactions (the provisioning lock, non-transactional
// migrations), session-level SET. The gateway sends those through DATABASE_DIRECT_URL.
import pg from 'pg';

/**
 * True when two client connections that are open at the same time were served by one server
 * backend: only a transaction (or statement) pooler does that. A direct connection or a session
 * pooler always gives each open client its own backend. Tries a few times, because a pooler with
 * several idle server connections may hand out different ones.
 */
export async function detectTransactionPooler(
  url: string,
  opts: { connectTimeoutMs?: number; attempts?: number } = {},
): Promise<boolean> {
  const connect = async () => {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      application_name: 'tenant-gateway-pooler-check',
    });
    await client.connect();
    return client;
  };
  const a = await connect();
  try {
    const b = await connect();
    try {
      for (let i = 0; i < (opts.attempts ?? 3); i++) {
        const pa = (await a.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        const pb = (await b.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        if (pa === pb) return true;
      }
      return false;
    } finally {
      await b.end().catch(() => undefined);
    }
  } finally {
    await a.end().catch(() => undefined);
  }
}

export const POOLER_WITHOUT_DIRECT_URL =
  'DATABASE_URL goes through a transaction pooler (e.g. PgBouncer pool_mode=transaction): two open connections were served by one server backend. ' +
  'The gateway needs a direct connection for LISTEN/NOTIFY, session advisory locks and DDL: set DATABASE_DIRECT_URL to the PostgreSQL server itself ' +
  '(requests keep using DATABASE_URL through the pooler).';
