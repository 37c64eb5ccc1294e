// Authentication over real HTTP: a bad token is a 401 response, never an anonymous 200.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/app.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { useTestDatabase } from '../../helpers/database.js';
import { graphqlPost } from '../../helpers/http.js';
import { insertTenant } from '../../helpers/tenant-rows.js';

const db = useTestDatabase();
const SECRET = 'http-auth-secret-that-is-long-enough-0123456789';
let gateway: RunningGateway;

beforeAll(async () => {
  await insertTenant(db.current.pool, { slug: 'auth-active' });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.current.url,
    JWT_SECRET: SECRET,
  });
  gateway = await startGateway(config, createLogger(config));
});
afterAll(async () => {
  await gateway?.stop();
});

const token = (secret: string, expiresIn: string | number = '5m') =>
  signDevToken(
    { secret, publicKey: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined },
    { email: 'http@example.com', expiresIn },
  );

describe('authentication over HTTP', () => {
  it.each(['localhost', 'auth-active.localhost'])(
    'answers a valid token on %s with 200 and records the account',
    async (host) => {
      const res = await graphqlPost(gateway.url, host, '{ serverTime }', {
        authorization: `Bearer ${await token(SECRET)}`,
      });
      expect(res.status).toBe(200);
      const { rows } = await db.current.pool.query(
        `SELECT external_subject FROM accounts WHERE email = 'http@example.com'`,
      );
      expect(rows).toEqual([{ external_subject: 'dev:http@example.com' }]);
    },
  );

  const bad: [string, () => Promise<string>, RegExp][] = [
    ['a token signed with another secret', () => token('some-other-secret-that-is-long-enough-00000'), /signature/],
    ['an expired token', () => token(SECRET, -120), /expired/],
    ['a malformed token', async () => 'abc.def.ghi', /malformed/],
  ];

  it.each(bad)('answers %s with 401 UNAUTHENTICATED', async (_name, make, message) => {
    for (const host of ['localhost', 'auth-active.localhost']) {
      const res = await graphqlPost(gateway.url, host, '{ serverTime }', { authorization: `Bearer ${await make()}` });
      expect(res.status, host).toBe(401);
      const body = res.json();
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(message),
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
    }
  });
});
