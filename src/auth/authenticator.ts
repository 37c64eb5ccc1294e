// Request → viewer. No Authorization header: anonymous (null). Anything else must be a valid
// `Bearer <JWT>`, or the request is refused with 401 UNAUTHENTICATED.
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Viewer } from './viewer.js';
import { UnauthenticatedError } from '../errors.js';
import { AccountDirectory } from './accounts.js';
import { createTokenVerifier, type TokenVerifier } from './token-verifier.js';

const BEARER = /^Bearer +(\S+) *$/i;

export class Authenticator {
  readonly #verifier: TokenVerifier | null;
  readonly #accounts: AccountDirectory;

  constructor(jwt: Config['jwt'], pool: pg.Pool, onKeySetError?: (err: Error) => void) {
    this.#verifier = createTokenVerifier(jwt, onKeySetError);
    this.#accounts = new AccountDirectory(pool);
  }

  async authenticate(request: Request): Promise<Viewer | null> {
    const header = request.headers.get('authorization');
    if (header === null) return null;
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new UnauthenticatedError('The Authorization header must be "Bearer <JWT>".');
    if (!this.#verifier) {
      throw new UnauthenticatedError(
        'This gateway has no key to verify tokens (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL).',
      );
    }
    return this.#accounts.viewerFor(await this.#verifier.verify(token));
  }
}
