// Raw SQL against one tenant's tables. Prisma's $queryRaw is not schema-qualified (prisma#28611),
// and a session-level `SET search_path` on a pooled connection would leak to whoever gets the
// connection next (apartment#133). Here the path is set with SET LOCAL inside a transaction, to the
// tenant schema alone (unqualified names can never fall through to the control plane in public),
// and the transaction is rolled back if the SQL tried to change the path itself.
import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import { assertManagedSchemaName, quoteIdent } from './names.js';
import { currentTenantSchema } from './tenant-context.js';

export type TenantQuery = <R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<pg.QueryResult<R>>;

/**
 * Runs fn in one transaction with unqualified names resolving in `schema` (default: the current
 * tenant's; none in context → TENANT_REQUIRED). Values go in `params`, never into `text`.
 */
export async function withTenantSql<T>(pool: pg.Pool, fn: (query: TenantQuery) => Promise<T>, schema: string = currentTenantSchema()): Promise<T> {
  assertManagedSchemaName(schema);
  const path = quoteIdent(schema);
  return inTransaction(pool, async (client) => {
    await client.query(`SET LOCAL search_path TO ${path}`);
    const result = await fn((text, params) => client.query(text, params));
    const { rows } = await client.query<{ path: string }>(`SELECT current_setting('search_path') AS path`);
    if (rows[0]!.path !== path && rows[0]!.path !== schema) {
      throw new Error('withTenantSql: the SQL changed search_path; the transaction was rolled back');
    }
    return result;
  });
}
