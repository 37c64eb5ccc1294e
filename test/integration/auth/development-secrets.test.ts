// `npm start` in development with no keys configured, then `npm run token`: they agree.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRETS_FILE } from '../../../src/auth/dev-secrets.js';
import { useTestDatabase } from '../../helpers/database.js';
import { graphqlPost } from '../../helpers/http.js';
import { startGatewayProcess, type GatewayProcess } from '../../helpers/spawn-gateway.js';

const db = useTestDatabase();
let dataDir: string;
let gateway: GatewayProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'gw-dev-start-'));
  gateway = await startGatewayProcess({ NODE_ENV: 'development', DATABASE_URL: db.current.url, DATA_DIR: dataDir });
}, 90_000);
afterAll(async () => {
  await gateway?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function npmRunToken(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/token.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'development', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`)))),
  );
}

describe('development without configured keys', () => {
  it('generates the secrets file at start-up', async () => {
    expect((await stat(path.join(dataDir, DEV_SECRETS_FILE))).mode & 0o777).toBe(0o600);
    expect(gateway.output()).toContain('generated development secrets');
  });

  it('accepts the tokens `npm run token` signs, and refuses forged ones with 401', async () => {
    const token = await npmRunToken(['--email', 'dev-start@example.com', '--system-admin']);
    const ok = await graphqlPost(gateway.url, 'localhost', '{ serverTime }', { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    const { rows } = await db.current.pool.query(
      `SELECT external_subject FROM accounts WHERE email = 'dev-start@example.com'`,
    );
    expect(rows).toEqual([{ external_subject: 'dev:dev-start@example.com' }]);

    const [header, payload] = token.split('.');
    const forged = await graphqlPost(gateway.url, 'localhost', '{ serverTime }', {
      authorization: `Bearer ${header}.${payload}.AAAA`,
    });
    expect(forged.status).toBe(401);
    expect(forged.json().errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
