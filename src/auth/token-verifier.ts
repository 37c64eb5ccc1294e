// Verifies `Authorization: Bearer` tokens with jose: HS256 with JWT_SECRET, and/or a public key
// (JWT_PUBLIC_KEY) or a key set (JWT_JWKS_URL); JWT_ISSUER / JWT_AUDIENCE when set.
// Every failure is an UnauthenticatedError naming what was wrong: a client is never let in as
// anonymous because its token was bad.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import { UnauthenticatedError } from '../errors.js';
import { readPublicKey } from './public-key.js';
import { identityFromClaims, type Identity } from './claims.js';

/** Signature algorithms a key set may use; HMAC is never taken from a remote key set. */
const KEY_SET_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
/** Longest token lifetime accepted when the configuration does not say (24 h). */
const DEFAULT_MAX_LIFETIME_SECONDS = 86_400;
/** Clock skew tolerated between the issuer and this gateway. */
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * A client sends the same token with every request, and verifying it (key import + HMAC or RSA
 * through WebCrypto) was the largest per-request cost of an authenticated query (bench b). A token
 * verified once is trusted again until its own `exp`, but never for longer than this: a key removed
 * from a key set stops being honoured within a minute. Only successes are kept; keys are hashes.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

/** null when no key is configured (tests, or a misconfigured non-production gateway): tokens are then refused. */
export function createTokenVerifier(
  jwt: Omit<Config['jwt'], 'maxLifetimeSeconds'> & { maxLifetimeSeconds?: number },
  onKeySetError: (err: Error) => void = () => undefined,
): TokenVerifier | null {
  const secret = jwt.secret ? new TextEncoder().encode(jwt.secret) : undefined;
  const publicKey = jwt.publicKey ? readPublicKey(jwt.publicKey) : undefined;
  const keySet = jwt.jwksUrl ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : undefined;
  if (!secret && !publicKey && !keySet) return null;

  const algorithms = [
    ...(secret ? ['HS256'] : []),
    ...(publicKey?.algorithms ?? []),
    ...(keySet ? KEY_SET_ALGORITHMS : []),
  ];
  // `algorithms` is checked by jose before this runs, so each branch only sees algorithms meant for it.
  const getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (header.alg && publicKey?.algorithms.includes(header.alg)) return publicKey.keyFor(header.alg);
    if (keySet) return keySet(header, token);
    throw new errors.JOSEAlgNotAllowed(`"${header.alg}" is not accepted`);
  };

  const verified = new LRUCache<string, { identity: Identity; until: number }>({
    max: VERIFIED_MAX,
    ttl: VERIFIED_TTL_MS,
  });
  return {
    async verify(token) {
      const key = createHash('sha256').update(token).digest('base64url');
      const hit = verified.get(key);
      if (hit && Date.now() < hit.until) return hit.identity;
      try {
        const { payload } = await jwtVerify(token, getKey, {
          algorithms,
          issuer: jwt.issuer,
          audience: jwt.audience,
          requiredClaims: ['sub', 'exp'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        });
        const identity = identityFromClaims(payload);
        const maxLifetime = jwt.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
        const now = Math.floor(Date.now() / 1000);
        if (
          payload.exp! - (typeof payload.iat === 'number' ? payload.iat : now) > maxLifetime ||
          payload.exp! - now > maxLifetime + CLOCK_TOLERANCE_SECONDS
        ) {
          throw new UnauthenticatedError(
            `The token is valid for longer than this gateway accepts (${maxLifetime} s, JWT_MAX_TOKEN_LIFETIME_SECONDS).`,
          );
        }
        // Trusted again until exp itself (the clock tolerance is granted only by a fresh verification).
        verified.set(key, { identity, until: Math.min(payload.exp! * 1000, Date.now() + VERIFIED_TTL_MS) });
        return identity;
      } catch (err) {
        throw toUnauthenticated(err, onKeySetError);
      }
    },
  };
}

function toUnauthenticated(err: unknown, onKeySetError: (err: Error) => void): UnauthenticatedError {
  if (err instanceof UnauthenticatedError) return err;
  if (err instanceof errors.JWTExpired) return new UnauthenticatedError('The token has expired.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    return new UnauthenticatedError(`The token's "${err.claim}" claim is not accepted (${err.reason}).`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new UnauthenticatedError('The token signature is not valid.');
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new UnauthenticatedError('The token is signed with an algorithm this gateway does not accept.');
  if (err instanceof errors.JWKSNoMatchingKey)
    return new UnauthenticatedError('No key of the key set matches the token.');
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid)
    return new UnauthenticatedError('The token is malformed.');
  // The key set could not be fetched or read: the token may be fine, but it cannot be trusted now.
  onKeySetError(err as Error);
  return new UnauthenticatedError('The token could not be verified: the key set is unavailable.');
}
