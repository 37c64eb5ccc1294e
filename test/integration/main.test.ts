// `npm start` as a user runs it: a separate process, configured only by its environment.
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { freePort } from '../helpers/free-port.js';
import { spawnMain, startGatewayProcess } from '../helpers/spawn-gateway.js';

const db = useTestDatabase();

function postgresAlive(dataDir: string): boolean {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the gateway process', () => {
  it('serves /readyz on the configured database and exits 0 on SIGTERM', async () => {
    const gateway = await startGatewayProcess({ DATABASE_URL: db.current.url, NODE_ENV: 'test' });
    const res = await fetch(`${gateway.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await gateway.stop('SIGTERM')).toBe(0);
  });

  it('stops at start-up with a message naming an invalid variable', async () => {
    const { output, exited } = spawnMain({ PORT: 'not-a-port', DATABASE_URL: db.current.url });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/Invalid configuration:\s+PORT:/);
  });

  it('starts embedded Postgres without DATABASE_URL, stops it on SIGINT and reuses its data on the next start', async () => {
    const dataDir = path.resolve('.data', `test-main-${process.pid}`);
    const env = { DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()), NODE_ENV: 'test' };
    try {
      const first = await startGatewayProcess(env);
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      expect(first.output()).toContain('control-plane migrations applied');
      expect(postgresAlive(path.join(dataDir, 'postgres'))).toBe(true);
      expect(await first.stop('SIGINT')).toBe(0);
      expect(postgresAlive(path.join(dataDir, 'postgres'))).toBe(false);

      const second = await startGatewayProcess(env);
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
      expect(second.output()).not.toContain('control-plane migrations applied');
      expect(await second.stop('SIGTERM')).toBe(0);
      expect(postgresAlive(path.join(dataDir, 'postgres'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('exits 1 naming the port when it is taken, and leaves no embedded Postgres behind', async () => {
    const dataDir = path.resolve('.data', `test-main-port-${process.pid}`);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const env = {
        DATA_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
      };
      const { output, exited } = spawnMain(env);
      expect(await exited).toBe(1);
      expect(output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(output()).toContain('starting embedded Postgres');
      expect(postgresAlive(path.join(dataDir, 'postgres'))).toBe(false);
    } finally {
      holder.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
