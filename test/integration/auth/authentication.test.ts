// Authorization: Bearer <JWT> → viewer, against a real accounts table; every bad token is a 401.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../../src/auth/authenticator.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { loadConfig } from '../../../src/config.js';
import { useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
/** Only the keys the test names: nothing inherited from a shared test configuration. */
const jwtConfig = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }).jwt;
const authenticatorFor = (env: Record<string, string>) => new Authenticator(jwtConfig(env), db.current.pool);
const bearer = (token: string) =>
  new Request('http://localhost/graphql', { headers: { authorization: `Bearer ${token}` } });

/** A token as an identity provider would issue it. */
function idpToken(
  claims: Record<string, unknown>,
  opts: { alg?: string; kid?: string; expires?: string | number } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256', ...(opts.kid ? { kid: opts.kid } : {}) })
    .setIssuedAt()
    .setExpirationTime(opts.expires ?? '5m');
}
const hs256 = (claims: Record<string, unknown>, secret = SECRET, expires?: string | number) =>
  idpToken(claims, { expires }).sign(new TextEncoder().encode(secret));

const accountRow = async (email: string) =>
  (
    await db.current.pool.query(`SELECT id, email::text, name, external_subject FROM accounts WHERE email = $1`, [
      email,
    ])
  ).rows[0];

describe('HS256 tokens (JWT_SECRET)', () => {
  const auth = () => authenticatorFor({ JWT_SECRET: SECRET });

  it('leaves a request without an Authorization header anonymous', async () => {
    expect(await auth().authenticate(new Request('http://localhost/graphql'))).toBeNull();
  });

  it('turns a valid token into a viewer and upserts the account by email', async () => {
    const token = await hs256({ sub: 'idp|ada', email: 'ada@example.com', name: 'Ada' });
    const viewer = await auth().authenticate(bearer(token));
    const row = await accountRow('ada@example.com');
    expect(viewer).toEqual({
      accountId: row.id,
      email: 'ada@example.com',
      name: 'Ada',
      subject: 'idp|ada',
      isSystemAdmin: false,
    });
    expect(row.external_subject).toBe('idp|ada');
  });

  it('makes a system admin of "system_admin" in roles, and only of that', async () => {
    const admin = await auth().authenticate(
      bearer(await hs256({ sub: 's1', email: 'root@example.com', roles: ['viewer', 'system_admin'] })),
    );
    const other = await auth().authenticate(
      bearer(await hs256({ sub: 's2', email: 'nobody@example.com', roles: ['admin', 'system-admin'] })),
    );
    expect(admin?.isSystemAdmin).toBe(true);
    expect(other?.isSystemAdmin).toBe(false);
  });

  it('keeps one account per identity: case and name changes update it', async () => {
    const first = await auth().authenticate(
      bearer(await hs256({ sub: 'grace-sub', email: 'grace@example.com', name: 'Grace' })),
    );
    const second = await auth().authenticate(
      bearer(await hs256({ sub: 'grace-sub', email: 'GRACE@Example.com', name: 'Grace H.' })),
    );
    expect(second?.accountId).toBe(first?.accountId);
    const { rows } = await db.current.pool.query(
      `SELECT name, external_subject FROM accounts WHERE email = 'grace@example.com'`,
    );
    expect(rows).toEqual([{ name: 'Grace H.', external_subject: 'grace-sub' }]);
  });

  it('keeps a subject presented with a new email on its own account, which takes the new address', async () => {
    const before = await auth().authenticate(bearer(await hs256({ sub: 'moving-sub', email: 'before@example.com' })));
    const after = await auth().authenticate(bearer(await hs256({ sub: 'moving-sub', email: 'after@example.com' })));
    expect(after?.accountId).toBe(before?.accountId);
    expect(await accountRow('before@example.com')).toBeUndefined();
    expect((await accountRow('after@example.com')).external_subject).toBe('moving-sub');
  });

  const refusals: [string, () => Promise<string>, RegExp][] = [
    [
      'a token signed with another secret',
      () => hs256({ sub: 'x', email: 'x@example.com' }, 'another-secret-that-is-long-enough-000000'),
      /signature is not valid/,
    ],
    [
      'an expired token',
      () => hs256({ sub: 'x', email: 'x@example.com' }, SECRET, Math.floor(Date.now() / 1000) - 60),
      /expired/,
    ],
    [
      'a token without exp',
      () =>
        new SignJWT({ sub: 'x', email: 'x@example.com' })
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(SECRET)),
      /"exp" claim/,
    ],
    ['a token without email', () => hs256({ sub: 'x' }), /"email" claim is missing/],
    ['a token with an invalid email', () => hs256({ sub: 'x', email: 'not an email' }), /"email" claim is not valid/],
    ['a token without sub', () => hs256({ email: 'x@example.com' }), /"sub" claim/],
    ['a malformed token', async () => 'not.a.jwt', /malformed/],
    ['a token that is not a JWT at all', async () => 'garbage', /malformed/],
    [
      'an unsigned token (alg none)',
      async () => `${b64({ alg: 'none' })}.${b64({ sub: 'x', email: 'x@example.com', exp: 9e9 })}.`,
      /algorithm|malformed/,
    ],
    [
      'an HS512 token',
      () => idpToken({ sub: 'x', email: 'x@example.com' }, { alg: 'HS512' }).sign(new TextEncoder().encode(SECRET)),
      /algorithm/,
    ],
  ];

  it.each(refusals)('refuses %s with UNAUTHENTICATED', async (_name, make, message) => {
    const error = await auth()
      .authenticate(bearer(await make()))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an Authorization header that is not a Bearer token', async () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', '']) {
      const request = new Request('http://localhost/graphql', { headers: { authorization: header } });
      await expect(auth().authenticate(request), header).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
  });

  it('accepts the tokens of `npm run token`', async () => {
    const token = await signDevToken(jwtConfig({ JWT_SECRET: SECRET }), {
      email: 'dev@example.com',
      systemAdmin: true,
    });
    expect(await auth().authenticate(bearer(token))).toMatchObject({
      email: 'dev@example.com',
      subject: 'dev:dev@example.com',
      isSystemAdmin: true,
    });
  });
});

describe('issuer and audience (JWT_ISSUER, JWT_AUDIENCE)', () => {
  const auth = () =>
    authenticatorFor({ JWT_SECRET: SECRET, JWT_ISSUER: 'https://idp.test/', JWT_AUDIENCE: 'tenant-gateway' });
  const sign = (iss: string, aud: string) =>
    idpToken({ sub: 'i', email: 'iss@example.com' })
      .setIssuer(iss)
      .setAudience(aud)
      .sign(new TextEncoder().encode(SECRET));

  it('accepts a token from the configured issuer for the configured audience', async () => {
    expect(await auth().authenticate(bearer(await sign('https://idp.test/', 'tenant-gateway')))).toMatchObject({
      email: 'iss@example.com',
    });
  });

  it('refuses another issuer or another audience', async () => {
    await expect(auth().authenticate(bearer(await sign('https://evil.test/', 'tenant-gateway')))).rejects.toThrow(
      /"iss" claim/,
    );
    await expect(auth().authenticate(bearer(await sign('https://idp.test/', 'another-app')))).rejects.toThrow(
      /"aud" claim/,
    );
  });
});

describe('public keys (JWT_PUBLIC_KEY)', () => {
  it.each(['RS256', 'ES256', 'EdDSA'])(
    "verifies %s tokens with a PEM public key, and refuses other keys' tokens",
    async (alg) => {
      const mine = await generateKeyPair(alg, { extractable: true });
      const theirs = await generateKeyPair(alg);
      const auth = authenticatorFor({ JWT_PUBLIC_KEY: await exportSPKI(mine.publicKey) });
      const token = (key: CryptoKey) =>
        idpToken({ sub: `pk-${alg}`, email: `${alg.toLowerCase()}@example.com` }, { alg }).sign(key);
      expect(await auth.authenticate(bearer(await token(mine.privateKey)))).toMatchObject({
        email: `${alg.toLowerCase()}@example.com`,
      });
      await expect(auth.authenticate(bearer(await token(theirs.privateKey)))).rejects.toThrow(/signature is not valid/);
    },
  );

  it('accepts a PEM with literal \\n, as environment files carry it', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const auth = authenticatorFor({ JWT_PUBLIC_KEY: (await exportSPKI(publicKey)).replaceAll('\n', '\\n') });
    const token = await idpToken({ sub: 'nl', email: 'nl@example.com' }, { alg: 'RS256' }).sign(privateKey);
    expect(await auth.authenticate(bearer(token))).toMatchObject({ email: 'nl@example.com' });
  });

  it('refuses an HS256 token signed with the public key as the secret (algorithm confusion)', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const auth = authenticatorFor({ JWT_PUBLIC_KEY: pem });
    await expect(auth.authenticate(bearer(await hs256({ sub: 'x', email: 'x@example.com' }, pem)))).rejects.toThrow(
      /algorithm/,
    );
  });

  it('refuses to start with something that is not a public key', () => {
    expect(() => authenticatorFor({ JWT_PUBLIC_KEY: 'not a key' })).toThrow(/JWT_PUBLIC_KEY is not a PEM/);
  });
});

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

describe('without any key configured', () => {
  it('refuses every token rather than letting it in as anonymous', async () => {
    const token = await hs256({ sub: 'x', email: 'x@example.com' });
    await expect(authenticatorFor({}).authenticate(bearer(token))).rejects.toThrow(/no key to verify tokens/);
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
