// `npm run token` as a developer runs it: a separate process configured by its environment.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDevelopmentSecrets } from '../../../src/auth/dev-secrets.js';
import { createTokenVerifier } from '../../../src/auth/token-verifier.js';
import { loadConfig } from '../../../src/config.js';
import { runProcess } from '../../helpers/cli.js';

function runToken(args: string[], env: Record<string, string>) {
  return runProcess(['--import', 'tsx', 'src/cli/token.ts', ...args], env);
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'gw-token-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const SECRET = 'cli-secret-that-is-long-enough-0123456789abc';

describe('npm run token', () => {
  it('prints only a token signed with JWT_SECRET, carrying the requested claims', async () => {
    const env = { NODE_ENV: 'test', JWT_SECRET: SECRET, JWT_ISSUER: 'https://issuer.test/', JWT_AUDIENCE: 'gw' };
    const { code, stdout, stderr } = await runToken(
      ['--email', 'ops@example.com', '--name', 'Ops Person', '--system-admin', '--expires', '2h'],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const identity = await createTokenVerifier(loadConfig(env).jwt)!.verify(stdout.trim());
    expect(identity).toEqual({
      issuer: 'https://issuer.test/',
      subject: 'dev:ops@example.com',
      email: 'ops@example.com',
      name: 'Ops Person',
      roles: ['system_admin'],
      isSystemAdmin: true,
    });
    const { exp, iat } = decodeJwt(stdout.trim());
    expect(exp! - iat!).toBe(7200);
  });

  it('in development, signs with the secret generated under DATA_DIR, which the gateway then uses too', async () => {
    const env = { NODE_ENV: 'development', DATA_DIR: dataDir };
    const { code, stdout, stderr } = await runToken(['--email', 'dev@example.com'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const gatewayConfig = await withDevelopmentSecrets(loadConfig(env));
    expect(await createTokenVerifier(gatewayConfig.jwt)!.verify(stdout.trim())).toMatchObject({
      email: 'dev@example.com',
      isSystemAdmin: false,
    });
  });

  it('explains its usage when --email is missing or invalid, and exits 1', async () => {
    for (const args of [[], ['--email', 'not-an-email'], ['--email', 'a@b.co', '--expires', 'soon']]) {
      const { code, stdout, stderr } = await runToken(args, { NODE_ENV: 'test', JWT_SECRET: SECRET });
      expect(code, args.join(' ')).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/usage: npm run -s token/);
    }
  });

  it('refuses, with a reason, when the gateway verifies tokens from an identity provider', async () => {
    const { code, stderr } = await runToken(['--email', 'a@b.co'], {
      NODE_ENV: 'test',
      JWT_JWKS_URL: 'https://idp.example.com/jwks.json',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/JWT_SECRET, which is not set/);
  });
});
