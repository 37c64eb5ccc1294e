// Development with no DATABASE_URL: the CLI starts the embedded Postgres under DATA_DIR for one
// command and stops it after; when a gateway already runs on that DATA_DIR, the CLI uses the
// gateway's server and leaves it running, and the gateway sees the CLI's changes at once.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../helpers/cli.js';
import { TEST_ENCRYPTION_KEYS, TEST_JWT_SECRET } from '../../helpers/database.js';
import { freePort } from '../../helpers/free-port.js';
import { http } from '../../helpers/http.js';
import { startGatewayProcess, type GatewayProcess } from '../../helpers/spawn-gateway.js';

const dataDir = path.resolve('.data', `cli-embedded-${randomBytes(4).toString('hex')}`);
let env: Record<string, string>;
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
  env = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    JWT_SECRET: TEST_JWT_SECRET,
    SETTINGS_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
  };
});
afterAll(async () => {
  await gateway?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const postmasterPid = () => {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
};

describe('the CLI without DATABASE_URL', () => {
  it('starts the embedded Postgres under DATA_DIR for the command and stops it afterwards', async () => {
    const run = await runCliProcess(['list'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('no tenants\n');
    expect(run.stderr).toMatch(/starting embedded Postgres for this command/);
    expect(postmasterPid()).toBeNull(); // stopped cleanly: no server left holding the directory
  }, 180_000);

  it('uses the server of a gateway running on DATA_DIR, leaves it running, and the gateway follows the change', async () => {
    gateway = await startGatewayProcess(env, 120_000);
    const serverPid = postmasterPid();
    expect(serverPid).toBeGreaterThan(0);

    const created = await runCliProcess(['create', '--name', 'Embedded', '--slug', 'emb'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).not.toMatch(/starting embedded Postgres/);
    const ask = () =>
      http(`${gateway!.url}/graphql`, {
        method: 'POST',
        host: 'emb.localhost',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ currentTenant { slug } }' }),
      });
    expect((await ask()).json()).toEqual({ data: { currentTenant: { slug: 'emb' } } });

    const suspended = await runCliProcess(['suspend', 'emb'], env);
    expect(suspended.code, suspended.stderr).toBe(0);
    const deadline = Date.now() + 10_000;
    let status = (await ask()).status;
    while (status !== 403 && Date.now() < deadline) status = (await ask()).status;
    expect(status).toBe(403);

    expect(postmasterPid()).toBe(serverPid); // the gateway's Postgres was neither stopped nor replaced
    expect((await http(`${gateway.url}/readyz`)).status).toBe(200);
    expect(await gateway.stop()).toBe(0);
    gateway = undefined;
  }, 240_000);
});
