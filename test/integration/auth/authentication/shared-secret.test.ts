// Authorization: Bearer <JWT> → viewer, against a real accounts table; every bad token is a 401. Tokens signed
// with the shared secret (JWT_SECRET), optionally bound to an issuer and audience.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signDevToken } from '../../../../src/auth/dev-token.js';
import { bearer, hs256, idpToken, jwtConfig, SECRET, useAuthenticationDatabase } from './authentication-setup.js';

const { db, authenticatorFor, accountRow } = useAuthenticationDatabase();

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

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
