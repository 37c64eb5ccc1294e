// Unexpected errors are masked with a request id and logged with it; expected ones pass; slow
// operations are cut off. The gateway's plugins serve a schema of the test's own over real HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/errors.js';
import { createServices, type Services } from '../../../src/services.js';
import { createGateway } from '../../../src/yoga.js';
import { testConfig, useTestDatabase } from '../../helpers/database.js';
import { captureLogs } from '../../helpers/running-gateway.js';

const SECRET_DETAIL = 'connection to 10.0.0.5 failed for user billing_admin';

const schema = createSchema({
  typeDefs: 'type Query { boom: String, forbidden: String, slow(ms: Int!): String, ok: String }',
  resolvers: {
    Query: {
      boom: () => {
        throw new Error(SECRET_DETAIL);
      },
      forbidden: () => {
        throw new ForbiddenError('Only owners may do this.');
      },
      slow: (_: unknown, { ms }: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve('late'), ms)),
      ok: () => 'fine',
    },
  },
});

const db = useTestDatabase();
const logs = captureLogs();
let services: Services;
let server: Server;
let url: string;

beforeAll(async () => {
  services = createServices(
    testConfig({ LOG_LEVEL: 'info', GRAPHQL_EXECUTION_TIMEOUT_MS: '200' }, db.current.url),
    db.current,
    logs.logger,
  );
  server = createServer(createGateway(services, { schema }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://localhost:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await services?.clients.close();
});

async function query(text: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: text }),
  });
  const raw = await res.text();
  return {
    res,
    raw,
    body: JSON.parse(raw) as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
  };
}

describe('error masking', () => {
  it('hides an unexpected error behind "Unexpected error." carrying the request id', async () => {
    const { res, raw, body } = await query('{ boom ok }', { 'x-request-id': 'req-masked-1' });
    expect(res.status).toBe(200); // partial data: `ok` still resolved
    expect(body.data).toEqual({ boom: null, ok: 'fine' });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Unexpected error.',
        path: ['boom'],
        extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-masked-1' }),
      }),
    ]);
    expect(raw).not.toContain('10.0.0.5');
    expect(raw).not.toContain('stack');
    expect(res.headers.get('x-request-id')).toBe('req-masked-1');
  });

  it('logs the real message and stack once, with the same request id', async () => {
    await query('{ boom }', { 'x-request-id': 'req-masked-2' });
    const mentions = logs
      .lines()
      .filter((l) => JSON.stringify(l).includes('billing_admin') && JSON.stringify(l).includes('req-masked-2'));
    expect(mentions).toHaveLength(1);
    const [line] = mentions;
    expect(line).toMatchObject({ requestId: 'req-masked-2', path: 'boom', msg: 'unexpected error (masked)' });
    expect((line!.err as { stack: string }).stack).toContain('error-masking.test.ts');
    // Yoga's own error log (no request id) is suppressed for errors we log ourselves.
    expect(logs.lines().filter((l) => JSON.stringify(l).includes('billing_admin') && !('requestId' in l))).toEqual([]);
  });

  it('replaces an X-Request-Id that is unsafe to log with a fresh id', async () => {
    const { body } = await query('{ boom }', { 'x-request-id': 'x'.repeat(200) });
    expect(body.errors?.[0]?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets expected errors (AppError) through with their code and message', async () => {
    const { body } = await query('{ forbidden }');
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Only owners may do this.',
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    expect(body.errors?.[0]?.extensions).not.toHaveProperty('requestId');
  });
});

describe('execution timeout', () => {
  it('stops an operation that runs past GRAPHQL_EXECUTION_TIMEOUT_MS with 504 LIMIT_EXCEEDED', async () => {
    const started = performance.now();
    const { res, body } = await query('{ slow(ms: 3000) }');
    expect(performance.now() - started).toBeLessThan(2500);
    expect(res.status).toBe(504);
    expect(body.errors?.[0]).toMatchObject({
      message: 'The operation took longer than 200 ms and was stopped.',
      extensions: { code: 'LIMIT_EXCEEDED', limit: 'executionTimeMs' },
    });
  });

  it('leaves operations within the limit alone', async () => {
    const { res, body } = await query('{ slow(ms: 20) }');
    expect(res.status).toBe(200);
    expect(body.data).toEqual({ slow: 'late' });
  });
});
