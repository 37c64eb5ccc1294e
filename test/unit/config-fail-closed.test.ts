// Production is the default and fails closed: an unset NODE_ENV is production; tokens from an
// identity provider need issuer and audience, keys come over https, lifetimes are capped.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../src/auth/token-verifier.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';

const keys = { JWT_SECRET: 's'.repeat(32), SETTINGS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}` };
const PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
-----END PUBLIC KEY-----`;

describe('a missing NODE_ENV', () => {
  it('is production: no development secrets (start-up refused without keys, saying NODE_ENV is unset)', () => {
    expect(() => loadConfig({})).toThrow(
      /JWT_SECRET[\s\S]*SETTINGS_ENCRYPTION_KEYS[\s\S]*NODE_ENV is not set, so this is production/,
    );
  });

  it('is production: explorer and introspection off, unknown and IP hosts refused', () => {
    const config = loadConfig(keys);
    expect(config.env).toBe('production');
    expect(config.isProduction).toBe(true);
    expect(config.graphql).toMatchObject({ graphiql: false, introspection: false });
    expect(config.unknownHostPolicy).toBe('reject');
  });

  it('is development under the npm scripts, which never override an explicit NODE_ENV', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const name of ['start', 'dev', 'token', 'tenants', 'settings:reencrypt', 'migrate:tenants']) {
      expect(scripts[name], name).toMatch(/^node --import \.\/scripts\/development-default\.mjs /);
    }
    const envOf = (env: Record<string, string>) =>
      execFileSync(
        process.execPath,
        ['--import', './scripts/development-default.mjs', '-e', 'process.stdout.write(process.env.NODE_ENV)'],
        {
          env: { PATH: process.env.PATH ?? '', ...env },
        },
      ).toString();
    expect(envOf({})).toBe('development');
    expect(envOf({ NODE_ENV: 'production' })).toBe('production');
  });
});

describe('embedded Postgres', () => {
  it('is refused in production: DATABASE_URL is required', async () => {
    await expect(
      openDatabase(loadConfig({ NODE_ENV: 'production', ...keys }), { info: () => undefined, warn: () => undefined }),
    ).rejects.toThrow(/DATABASE_URL is not set: production refuses to start the embedded Postgres/);
  });
});

describe('tokens in production', () => {
  it('need JWT_ISSUER and JWT_AUDIENCE with a public key or a key set', () => {
    const base = { NODE_ENV: 'production', SETTINGS_ENCRYPTION_KEYS: keys.SETTINGS_ENCRYPTION_KEYS };
    expect(() => loadConfig({ ...base, JWT_PUBLIC_KEY: PEM })).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
    expect(() =>
      loadConfig({ ...base, JWT_JWKS_URL: 'https://idp.example/jwks.json', JWT_ISSUER: 'https://idp.example/' }),
    ).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
    expect(
      loadConfig({ ...base, JWT_PUBLIC_KEY: PEM, JWT_ISSUER: 'https://idp.example/', JWT_AUDIENCE: 'gw' }).jwt.issuer,
    ).toBe('https://idp.example/');
  });

  it('fetch a key set over https only', () => {
    const idp = {
      NODE_ENV: 'production',
      SETTINGS_ENCRYPTION_KEYS: keys.SETTINGS_ENCRYPTION_KEYS,
      JWT_ISSUER: 'https://idp.example/',
      JWT_AUDIENCE: 'gw',
    };
    expect(() => loadConfig({ ...idp, JWT_JWKS_URL: 'http://idp.example/jwks.json' })).toThrow(
      /JWT_JWKS_URL: production fetches keys over https/,
    );
    expect(loadConfig({ ...idp, JWT_JWKS_URL: 'https://idp.example/jwks.json' }).jwt.jwksUrl).toBe(
      'https://idp.example/jwks.json',
    );
  });
});

describe('token lifetime', () => {
  const secret = 'a-secret-that-is-long-enough-for-hs256-0123';
  const verifier = (env: Record<string, string> = {}) =>
    createTokenVerifier(loadConfig({ NODE_ENV: 'test', JWT_SECRET: secret, ...env }).jwt)!;
  const sign = (claims: Record<string, unknown>, exp: number, iat?: number) => {
    const jwt = new SignJWT({ sub: 'life', email: 'life@example.com', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(exp);
    if (iat !== undefined) jwt.setIssuedAt(iat);
    return jwt.sign(new TextEncoder().encode(secret));
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('is capped at 24 hours by default (JWT_MAX_TOKEN_LIFETIME_SECONDS), with or without iat', async () => {
    await expect(verifier().verify(await sign({}, now() + 3600, now()))).resolves.toMatchObject({
      email: 'life@example.com',
    });
    await expect(verifier().verify(await sign({}, now() + 2 * 86_400, now()))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringMatching(/valid for longer than this gateway accepts \(86400 s/),
    });
    await expect(verifier().verify(await sign({}, now() + 30 * 86_400))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // an old iat does not stretch the window either
    await expect(verifier().verify(await sign({}, now() + 60, now() - 2 * 86_400))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('follows JWT_MAX_TOKEN_LIFETIME_SECONDS', async () => {
    await expect(
      verifier({ JWT_MAX_TOKEN_LIFETIME_SECONDS: '600' }).verify(await sign({}, now() + 3600, now())),
    ).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
