// A verified identity → its platform account (table accounts), bound to the token's (iss, sub)
// (see bindAccount for the rule). Recently seen identities are remembered so a busy client does not
// write its account row on every request.
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import { uniqueViolation } from '../db/unique-violation.js';
import type { Viewer } from './viewer.js';
import { UnauthenticatedError } from '../errors.js';
import type { Identity } from './claims.js';

const REMEMBER_MS = 5 * 60_000;
const REMEMBER_MAX = 10_000;

interface AccountRow {
  id: string;
  email: string;
  name: string | null;
}

export class AccountDirectory {
  readonly #pool: pg.Pool;
  readonly #recent = new LRUCache<string, AccountRow>({ max: REMEMBER_MAX, ttl: REMEMBER_MS });

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async viewerFor(identity: Identity): Promise<Viewer> {
    // Any change of subject, email or name misses this key and reaches the database.
    const key = JSON.stringify([identity.issuer, identity.subject, identity.email.toLowerCase(), identity.name]);
    let account = this.#recent.get(key);
    if (!account) {
      account = await this.#upsert(identity);
      this.#recent.set(key, account);
    }
    return {
      accountId: account.id,
      email: account.email,
      name: account.name,
      subject: identity.subject,
      isSystemAdmin: identity.isSystemAdmin,
    };
  }

  async #upsert(identity: Identity, attempt = 0): Promise<AccountRow> {
    try {
      return await inTransaction(this.#pool, (client) => bindAccount(client, identity));
    } catch (err) {
      // Two first requests of one identity racing: the loser retries once and finds the winner's row.
      if (uniqueViolation(err) && attempt === 0) return this.#upsert(identity, 1);
      throw err;
    }
  }
}

const ACCOUNT_COLUMNS = 'id, email::text AS email, name';

/**
 * The identity binding rule (SECURITY.md "Identity binding"):
 * 1. An account bound to the token's (issuer, subject) is the viewer's account, whatever email the
 *    token carries now; its email follows the token's when no other account holds that address.
 *    An account bound before issuers were recorded (issuer NULL) is adopted by its subject once.
 * 2. Otherwise the account with the token's email is linked to (issuer, subject), only if no identity
 *    is bound to it yet (an invited address, or an account made by an operator): linking happens once.
 * 3. An email whose account is bound to another identity is refused (401): never rebound silently.
 * 4. Otherwise a new account is created, bound to (issuer, subject).
 */
async function bindAccount(client: pg.PoolClient, identity: Identity): Promise<AccountRow> {
  const { issuer, subject, email, name } = identity;
  const bound =
    (
      await client.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM public.accounts WHERE external_issuer = $1 AND external_subject = $2 FOR UPDATE`,
        [issuer, subject],
      )
    ).rows[0] ??
    (
      await client.query<AccountRow>(
        `UPDATE public.accounts SET external_issuer = $1, updated_at = now()
         WHERE external_issuer IS NULL AND external_subject = $2 RETURNING ${ACCOUNT_COLUMNS}`,
        [issuer, subject],
      )
    ).rows[0];
  if (bound) {
    const { rows } = await client.query<AccountRow>(
      `UPDATE public.accounts SET name = COALESCE($2, name), updated_at = now(),
         email = CASE WHEN EXISTS (SELECT 1 FROM public.accounts other WHERE other.email = $3::citext AND other.id <> $1) THEN email ELSE $3 END
       WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
      [bound.id, name, email],
    );
    return rows[0]!;
  }
  const byEmail = (
    await client.query<AccountRow & { external_issuer: string | null; external_subject: string | null }>(
      `SELECT ${ACCOUNT_COLUMNS}, external_issuer, external_subject FROM public.accounts WHERE email = $1::citext FOR UPDATE`,
      [email],
    )
  ).rows[0];
  // Bound to this very identity by a concurrent first request that committed meanwhile.
  if (byEmail && byEmail.external_subject === subject && byEmail.external_issuer === issuer) return { id: byEmail.id, email: byEmail.email, name: byEmail.name };
  if (byEmail && byEmail.external_subject !== null) {
    throw new UnauthenticatedError(
      'This email address belongs to an account bound to another sign-in identity; the platform must link them explicitly.',
    );
  }
  if (byEmail) {
    const { rows } = await client.query<AccountRow>(
      `UPDATE public.accounts SET external_issuer = $2, external_subject = $3, name = COALESCE($4, name), updated_at = now()
       WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
      [byEmail.id, issuer, subject, name],
    );
    return rows[0]!;
  }
  const { rows } = await client.query<AccountRow>(
    `INSERT INTO public.accounts (email, name, external_issuer, external_subject) VALUES ($1, $2, $3, $4) RETURNING ${ACCOUNT_COLUMNS}`,
    [email, name, issuer, subject],
  );
  return rows[0]!;
}
