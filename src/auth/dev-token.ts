// Signs an HS256 token the gateway accepts: for `npm run token`, tests and local scripts.
import { decodeJwt, SignJWT } from 'jose';
import type { Config } from '../config.js';
import { SYSTEM_ADMIN_ROLE } from './claims.js';

export interface DevTokenClaims {
  email: string;
  name?: string;
  /** Defaults to "dev:<email>". */
  subject?: string;
  systemAdmin?: boolean;
  roles?: string[];
  /** A jose time span ("1h", "30m", "7d") or seconds from now (negative: already expired, for tests). */
  expiresIn?: string | number;
}

export async function signDevToken(
  jwt: Omit<Config['jwt'], 'maxLifetimeSeconds'> & { maxLifetimeSeconds?: number },
  claims: DevTokenClaims,
): Promise<string> {
  if (!jwt.secret) {
    throw new Error(
      'Tokens are signed with JWT_SECRET, which is not set: this gateway verifies tokens from an identity provider (JWT_PUBLIC_KEY / JWT_JWKS_URL).',
    );
  }
  const expires =
    typeof claims.expiresIn === 'number'
      ? Math.floor(Date.now() / 1000) + claims.expiresIn
      : (claims.expiresIn ?? '1h');
  const roles = [...new Set([...(claims.roles ?? []), ...(claims.systemAdmin ? [SYSTEM_ADMIN_ROLE] : [])])];
  const token = new SignJWT({ email: claims.email, ...(claims.name ? { name: claims.name } : {}), roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject ?? `dev:${claims.email}`)
    .setIssuedAt()
    .setExpirationTime(expires);
  if (jwt.issuer) token.setIssuer(jwt.issuer);
  if (jwt.audience) token.setAudience(jwt.audience);
  const signed = await token.sign(new TextEncoder().encode(jwt.secret));
  const { exp, iat } = decodeJwt(signed);
  if (jwt.maxLifetimeSeconds !== undefined && exp! - iat! > jwt.maxLifetimeSeconds) {
    throw new Error(
      `--expires is longer than the gateway accepts: at most ${jwt.maxLifetimeSeconds} s (JWT_MAX_TOKEN_LIFETIME_SECONDS).`,
    );
  }
  return signed;
}
