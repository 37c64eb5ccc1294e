// A real gateway (startGateway: HTTP server on a free port) on the file's test database, with its
// log lines captured so tests can read what an operator would see.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/app.js';
import type { Logger } from '../../src/logger.js';
import { testConfig, useTestDatabase } from './database.js';

export interface LogCapture {
  logger: Logger;
  /** Parsed JSON log lines so far. */
  lines(): Record<string, unknown>[];
}

export function captureLogs(level = 'info'): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines: () => lines };
}

export interface TestServer {
  gateway: RunningGateway;
  /** http://localhost:<port>: the platform host under the default BASE_DOMAIN. */
  url: string;
  logs: LogCapture;
}

export async function startTestServer(databaseUrl: string, env: Record<string, string> = {}): Promise<TestServer> {
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', ...env }, databaseUrl);
  const logs = captureLogs();
  const gateway = await startGateway(config, logs.logger);
  const { port } = new URL(gateway.url);
  return { gateway, url: `http://localhost:${port}`, logs };
}

/**
 * One running gateway per test file (or per describe block), stopped afterwards. `via` rewrites the
 * database URL (e.g. through a pooler) and may add settings (e.g. DATABASE_DIRECT_URL).
 */
export function useTestServer(
  env: Record<string, string> = {},
  via?: (directUrl: string) => { url: string; env: Record<string, string> },
) {
  const db = useTestDatabase();
  const handle = {} as { current: TestServer };
  beforeAll(async () => {
    const routed = via?.(db.current.url);
    handle.current = await startTestServer(routed?.url ?? db.current.url, { ...env, ...routed?.env });
  });
  afterAll(async () => {
    await handle.current?.gateway.stop();
  });
  return handle;
}

/** Production needs keys to start at all; these are throwaway test values. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
  SETTINGS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};
