// The raw SQL of public.tenant_users (memberships) and public.accounts that is not Prisma's: the
// seat count, activity stamps, account creation that tolerates a concurrent one, and import.
import type pg from 'pg';
import type { TransactionDb } from './tenants-store.js';

type Db = Pick<pg.Pool | pg.PoolClient, 'query'>;

// count seats (active memberships, accepted or invited) of a tenant
export async function countSeats(db: Db, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ seats: number }>(
    `SELECT count(*)::int AS seats FROM public.tenant_users WHERE tenant_id = $1 AND status = 'active'`,
    [tenantId],
  );
  return rows[0]!.seats;
}

// stamp member last_active_at unless it was stamped within the last `withinSeconds`
export async function touchMemberActivity(
  db: Db,
  tenantId: string,
  accountId: string,
  withinSeconds: number,
): Promise<void> {
  await db.query(
    `UPDATE public.tenant_users SET last_active_at = now()
      WHERE tenant_id = $1 AND user_id = $2
        AND (last_active_at IS NULL OR last_active_at < now() - make_interval(secs => $3))`,
    [tenantId, accountId, withinSeconds],
  );
}

// insert account by email unless one exists (a concurrent insert waits, then does nothing)
const INSERT_ACCOUNT_SQL = 'INSERT INTO public.accounts (email, name) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING';

// insert account if missing, on a pg connection or in a Prisma transaction
export async function insertAccountIfMissing(
  db: TransactionDb,
  email: string,
  name: string | null = null,
): Promise<void> {
  if ('$executeRawUnsafe' in db) await db.$executeRawUnsafe(INSERT_ACCOUNT_SQL, email, name);
  else await db.query(INSERT_ACCOUNT_SQL, [email, name]);
}

export interface ImportedMember {
  email: string;
  role: string;
  status: string;
  permissions: unknown;
  invited_at: string | null;
  accepted_at: string | null;
  metadata: unknown;
}

// insert membership of the account with this email (import)
export async function insertMembershipByEmail(db: Db, tenantId: string, m: ImportedMember): Promise<void> {
  await db.query(
    `INSERT INTO public.tenant_users (tenant_id, user_id, role, status, permissions, invited_at, accepted_at, metadata)
     SELECT $1, a.id, $3, $4, $5::jsonb, $6, $7, $8::jsonb FROM public.accounts a WHERE a.email = $2`,
    [
      tenantId,
      m.email,
      m.role,
      m.status,
      JSON.stringify(m.permissions ?? {}),
      m.invited_at,
      m.accepted_at,
      JSON.stringify(m.metadata ?? {}),
    ],
  );
}

// memberships of a tenant with their account's email and name, by email (export)
export async function membersForExport(db: Db, tenantId: string): Promise<pg.QueryResult> {
  return db.query(
    `SELECT a.email::text AS email, a.name, m.role, m.status, m.permissions, m.invited_at, m.accepted_at, m.metadata
       FROM public.tenant_users m JOIN public.accounts a ON a.id = m.user_id WHERE m.tenant_id = $1 ORDER BY a.email`,
    [tenantId],
  );
}
