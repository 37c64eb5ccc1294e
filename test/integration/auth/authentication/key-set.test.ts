// Tokens verified with a key set fetched from JWT_JWKS_URL, served here by a local HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../../../src/auth/authenticator.js';
import { bearer, hs256, idpToken, jwtConfig, useAuthenticationDatabase } from './authentication-setup.js';

const { db, authenticatorFor } = useAuthenticationDatabase();

describe('a key set (JWT_JWKS_URL)', () => {
  let server: Server;
  let jwksUrl: string;
  let signing: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signing = pair.privateKey;
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }] };
    server = createServer((req, res) => {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

  it('verifies tokens signed by a key of the set, fetching the set once', async () => {
    const auth = authenticatorFor({ JWT_JWKS_URL: jwksUrl });
    const before = jwksRequests;
    for (const name of ['one', 'two']) {
      const token = await idpToken(
        { sub: `jwks-${name}`, email: `${name}@jwks.example.com` },
        { alg: 'RS256', kid: 'key-1' },
      ).sign(signing);
      expect(await auth.authenticate(bearer(token))).toMatchObject({ email: `${name}@jwks.example.com` });
    }
    expect(jwksRequests - before).toBe(1);
  });

  it('refuses a token whose key is not in the set, and an HS256 token', async () => {
    const auth = authenticatorFor({ JWT_JWKS_URL: jwksUrl });
    const stranger = await generateKeyPair('RS256');
    const unknownKid = await idpToken({ sub: 'x', email: 'x@example.com' }, { alg: 'RS256', kid: 'key-2' }).sign(
      stranger.privateKey,
    );
    await expect(auth.authenticate(bearer(unknownKid))).rejects.toThrow(/No key of the key set/);
    await expect(auth.authenticate(bearer(await hs256({ sub: 'x', email: 'x@example.com' })))).rejects.toThrow(
      /algorithm/,
    );
  });

  it('answers 401, not 500, when the key set cannot be fetched', async () => {
    const errors: Error[] = [];
    const auth = new Authenticator(jwtConfig({ JWT_JWKS_URL: `http://127.0.0.1:1/jwks.json` }), db.current.pool, (e) =>
      errors.push(e),
    );
    const token = await idpToken({ sub: 'x', email: 'x@example.com' }, { alg: 'RS256', kid: 'key-1' }).sign(signing);
    await expect(auth.authenticate(bearer(token))).rejects.toThrow(/key set is unavailable/);
    expect(errors).toHaveLength(1);
  });
});
