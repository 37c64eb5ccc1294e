// A verified identity → its platform account (table accounts), upserted by email; the token's `sub`
// is stored as external_subject. Recently seen identities are remembered so a busy client does not
// write its account row on every request.
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import type { Viewer } from '../context.js';
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
    const key = JSON.stringify([identity.subject, identity.email.toLowerCase(), identity.name]);
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
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      // The email is the account; a subject now presented with another email has moved there
      // (external_subject is unique), so it is released from the account that held it.
      await client.query(
        `UPDATE accounts SET external_subject = NULL, updated_at = now() WHERE external_subject = $1 AND email <> $2::citext`,
        [identity.subject, identity.email],
      );
      const { rows } = await client.query<AccountRow>(
        `INSERT INTO accounts (email, name, external_subject) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO UPDATE
           SET name = COALESCE(EXCLUDED.name, accounts.name), external_subject = EXCLUDED.external_subject, updated_at = now()
         RETURNING id, email::text AS email, name`,
        [identity.email, identity.name, identity.subject],
      );
      await client.query('COMMIT');
      return rows[0]!;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // Two first requests racing for the same subject under different emails: the loser retries once.
      if ((err as { code?: string }).code === '23505' && attempt === 0) return this.#upsert(identity, 1);
      throw err;
    } finally {
      client.release();
    }
  }
}
