// What the authentication tests share: the file's database (accounts are upserted there), authenticators
// configured with only the keys a test names, and tokens as an identity provider would issue them.
import { SignJWT } from 'jose';
import { Authenticator } from '../../../../src/auth/authenticator.js';
import { loadConfig } from '../../../../src/config.js';
import { useTestDatabase } from '../../../helpers/database.js';

export const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
/** Only the keys the test names: nothing inherited from a shared test configuration. */
export const jwtConfig = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }).jwt;
export const bearer = (token: string) =>
  new Request('http://localhost/graphql', { headers: { authorization: `Bearer ${token}` } });

/** A token as an identity provider would issue it. */
export function idpToken(
  claims: Record<string, unknown>,
  opts: { alg?: string; kid?: string; expires?: string | number } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256', ...(opts.kid ? { kid: opts.kid } : {}) })
    .setIssuedAt()
    .setExpirationTime(opts.expires ?? '5m');
}
export const hs256 = (claims: Record<string, unknown>, secret = SECRET, expires?: string | number) =>
  idpToken(claims, { expires }).sign(new TextEncoder().encode(secret));

/** Registers the file's database, with authenticators and the accounts table on it; call at the top of a test file. */
export function useAuthenticationDatabase() {
  const db = useTestDatabase();
  const authenticatorFor = (env: Record<string, string>) => new Authenticator(jwtConfig(env), db.current.pool);
  const accountRow = async (email: string) =>
    (
      await db.current.pool.query(`SELECT id, email::text, name, external_subject FROM accounts WHERE email = $1`, [
        email,
      ])
    ).rows[0];
  return { db, authenticatorFor, accountRow };
}
