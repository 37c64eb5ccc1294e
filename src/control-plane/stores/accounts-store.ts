// The SQL of public.accounts as identity binding uses it (auth/accounts.ts holds the rule; each
// statement here runs inside its transaction).
import type pg from 'pg';

type Db = Pick<pg.PoolClient, 'query'>;

export interface AccountRow {
  id: string;
  email: string;
  name: string | null;
}

const ACCOUNT_COLUMNS = 'id, email::text AS email, name';

// lock account bound to (issuer, subject)
export async function lockAccountByIdentity(
  db: Db,
  issuer: string | null,
  subject: string,
): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM public.accounts WHERE external_issuer = $1 AND external_subject = $2 FOR UPDATE`,
    [issuer, subject],
  );
  return rows[0] ?? null;
}

// adopt account bound to subject before issuers were recorded (issuer NULL): record the issuer
export async function adoptAccountOfSubject(
  db: Db,
  issuer: string | null,
  subject: string,
): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(
    `UPDATE public.accounts SET external_issuer = $1, updated_at = now()
     WHERE external_issuer IS NULL AND external_subject = $2 RETURNING ${ACCOUNT_COLUMNS}`,
    [issuer, subject],
  );
  return rows[0] ?? null;
}

// refresh account name and email from a token (the email only when no other account holds it)
export async function refreshAccountProfile(
  db: Db,
  id: string,
  name: string | null,
  email: string,
): Promise<AccountRow> {
  const { rows } = await db.query<AccountRow>(
    `UPDATE public.accounts SET name = COALESCE($2, name), updated_at = now(),
       email = CASE WHEN EXISTS (SELECT 1 FROM public.accounts other WHERE other.email = $3::citext AND other.id <> $1) THEN email ELSE $3 END
     WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [id, name, email],
  );
  return rows[0]!;
}

// lock account by email, with its bound identity
export async function lockAccountByEmail(
  db: Db,
  email: string,
): Promise<(AccountRow & { external_issuer: string | null; external_subject: string | null }) | null> {
  const { rows } = await db.query<AccountRow & { external_issuer: string | null; external_subject: string | null }>(
    `SELECT ${ACCOUNT_COLUMNS}, external_issuer, external_subject FROM public.accounts WHERE email = $1::citext FOR UPDATE`,
    [email],
  );
  return rows[0] ?? null;
}

// bind account to (issuer, subject), refreshing its name
export async function bindAccountIdentity(
  db: Db,
  id: string,
  issuer: string | null,
  subject: string,
  name: string | null,
): Promise<AccountRow> {
  const { rows } = await db.query<AccountRow>(
    `UPDATE public.accounts SET external_issuer = $2, external_subject = $3, name = COALESCE($4, name), updated_at = now()
     WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [id, issuer, subject, name],
  );
  return rows[0]!;
}

// insert account bound to (issuer, subject)
export async function insertBoundAccount(
  db: Db,
  email: string,
  name: string | null,
  issuer: string | null,
  subject: string,
): Promise<AccountRow> {
  const { rows } = await db.query<AccountRow>(
    `INSERT INTO public.accounts (email, name, external_issuer, external_subject) VALUES ($1, $2, $3, $4) RETURNING ${ACCOUNT_COLUMNS}`,
    [email, name, issuer, subject],
  );
  return rows[0]!;
}
