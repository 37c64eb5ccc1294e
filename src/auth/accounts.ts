// A verified identity → its platform account (table accounts), bound to the token's (iss, sub)
// (see bindAccount for the rule). Recently seen identities are remembered so a busy client does not
// write its account row on every request.
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import { uniqueViolation } from '../db/unique-violation.js';
import {
  adoptAccountOfSubject,
  bindAccountIdentity,
  insertBoundAccount,
  lockAccountByEmail,
  lockAccountByIdentity,
  refreshAccountProfile,
  type AccountRow,
} from '../control-plane/stores/accounts-store.js';
import type { Viewer } from './viewer.js';
import { UnauthenticatedError } from '../errors.js';
import type { Identity } from './claims.js';

const REMEMBER_MS = 5 * 60_000;
const REMEMBER_MAX = 10_000;

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
    (await lockAccountByIdentity(client, issuer, subject)) ?? (await adoptAccountOfSubject(client, issuer, subject));
  if (bound) return refreshAccountProfile(client, bound.id, name, email);
  const byEmail = await lockAccountByEmail(client, email);
  // Bound to this very identity by a concurrent first request that committed meanwhile.
  if (byEmail && byEmail.external_subject === subject && byEmail.external_issuer === issuer)
    return { id: byEmail.id, email: byEmail.email, name: byEmail.name };
  if (byEmail && byEmail.external_subject !== null) {
    throw new UnauthenticatedError(
      'This email address belongs to an account bound to another sign-in identity; the platform must link them explicitly.',
    );
  }
  if (byEmail) return bindAccountIdentity(client, byEmail.id, issuer, subject, name);
  return insertBoundAccount(client, email, name, issuer, subject);
}
