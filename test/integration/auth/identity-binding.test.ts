// Accounts are bound to the token's (issuer, subject); an email claim alone never takes over an
// account (SECURITY.md "Identity binding").
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { Authenticator } from '../../../src/auth/authenticator.js';
import { loadConfig } from '../../../src/config.js';
import { useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const auth = () => new Authenticator(loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET }).jwt, db.current.pool);
const bearer = (token: string) =>
  new Request('http://localhost/graphql', { headers: { authorization: `Bearer ${token}` } });
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
const account = async (email: string) =>
  (await db.current.pool.query(`SELECT id, external_issuer, external_subject FROM accounts WHERE email = $1`, [email]))
    .rows[0];

describe('identity binding', () => {
  it('refuses a token whose email is not verified (email_verified: false), and writes no account', async () => {
    for (const flag of [false, 'false']) {
      const error = await auth()
        .authenticate(bearer(await sign({ sub: 'u1', email: 'unverified@example.com', email_verified: flag })))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
        message: expect.stringMatching(/not verified/),
      });
    }
    expect(await account('unverified@example.com')).toBeUndefined();
  });

  it("refuses another subject carrying a member's email, in any case, and leaves the member's binding as it was", async () => {
    const member = await auth().authenticate(
      bearer(await sign({ sub: 'idp|victim', email: 'victim@example.com', email_verified: true })),
    );
    for (const email of ['victim@example.com', 'VICTIM@Example.COM']) {
      const error = await auth()
        .authenticate(bearer(await sign({ sub: 'idp|attacker', email })))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
        message: expect.stringMatching(/another sign-in identity/),
      });
    }
    expect(await account('victim@example.com')).toEqual({
      id: member!.accountId,
      external_issuer: '',
      external_subject: 'idp|victim',
    });
  });

  it('tells issuers apart: the same subject from another issuer is another identity', async () => {
    const a = await auth().authenticate(
      bearer(await sign({ sub: 'shared-sub', iss: 'https://a.example', email: 'a-user@example.com' })),
    );
    const b = await auth().authenticate(
      bearer(await sign({ sub: 'shared-sub', iss: 'https://b.example', email: 'b-user@example.com' })),
    );
    expect(a?.accountId).not.toBe(b?.accountId);
    const again = await auth().authenticate(
      bearer(await sign({ sub: 'shared-sub', iss: 'https://a.example', email: 'a-user@example.com' })),
    );
    expect(again?.accountId).toBe(a?.accountId);
  });

  it('links an invited address (an account with no identity yet) to the first identity presenting it, once', async () => {
    const { rows } = await db.current.pool.query(
      `INSERT INTO accounts (email) VALUES ('invited@example.com') RETURNING id`,
    );
    const viewer = await auth().authenticate(bearer(await sign({ sub: 'idp|invitee', email: 'Invited@example.com' })));
    expect(viewer?.accountId).toBe(rows[0].id);
    expect(await account('invited@example.com')).toMatchObject({
      external_issuer: '',
      external_subject: 'idp|invitee',
    });
    await expect(
      auth().authenticate(bearer(await sign({ sub: 'idp|late', email: 'invited@example.com' }))),
    ).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('adopts an account bound before issuers were recorded by its subject, and records the issuer', async () => {
    const { rows } = await db.current.pool.query(
      `INSERT INTO accounts (email, external_subject) VALUES ('legacy@example.com', 'legacy-sub') RETURNING id`,
    );
    const viewer = await auth().authenticate(
      bearer(await sign({ sub: 'legacy-sub', iss: 'https://idp.example', email: 'legacy@example.com' })),
    );
    expect(viewer?.accountId).toBe(rows[0].id);
    expect(await account('legacy@example.com')).toMatchObject({
      external_issuer: 'https://idp.example',
      external_subject: 'legacy-sub',
    });
  });

  it('makes concurrent first requests of one identity agree on one account', async () => {
    const token = await sign({ sub: 'racer', email: 'racer@example.com' });
    const viewers = await Promise.all(Array.from({ length: 8 }, () => auth().authenticate(bearer(token))));
    expect(new Set(viewers.map((v) => v?.accountId)).size).toBe(1);
  });
});
