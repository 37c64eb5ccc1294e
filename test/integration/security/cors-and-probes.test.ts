// CORS: an allow-list, no credentials by default, no CORS on probes. Probes: /readyz says no more
// than "database unavailable"; /metrics is off in production unless METRICS_TOKEN is set.
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config.js';
import { createPool } from '../../../src/db/pool.js';
import { createLogger } from '../../../src/logger.js';
import { createServices, type Services } from '../../../src/services.js';
import { createGateway } from '../../../src/yoga.js';
import { testConfig, useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();
const made: Services[] = [];
afterAll(async () => {
  for (const services of made) await services.clients.close();
});

function gatewayWith(env: Record<string, string>, database = db.current) {
  const config = testConfig(env, database.url);
  const services = createServices(config, database, createLogger(config));
  made.push(services);
  return createGateway(services);
}

const fromOrigin = (origin: string, path = '/graphql', method = 'POST') => ({
  method,
  headers: { origin, 'content-type': 'application/json', 'access-control-request-method': 'POST' },
  ...(method === 'POST' ? { body: JSON.stringify({ query: '{ serverTime }' }) } : {}),
});

describe('CORS', () => {
  it('by default lets any origin read answers, but never with credentials', async () => {
    const res = await gatewayWith({}).fetch('http://localhost/graphql', fromOrigin('https://anyone.example'));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anyone.example');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('adds no CORS headers to /healthz, /readyz or /metrics', async () => {
    const yoga = gatewayWith({});
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      for (const method of ['GET', 'OPTIONS']) {
        const res = await yoga.fetch(`http://localhost${path}`, {
          method,
          headers: { origin: 'https://anyone.example', 'access-control-request-method': 'GET' },
        });
        expect(res.headers.get('access-control-allow-origin'), `${method} ${path}`).toBeNull();
        expect(res.headers.get('access-control-allow-credentials'), `${method} ${path}`).toBeNull();
      }
    }
  });

  it('with CORS_ORIGINS answers only the listed origins (credentials only with CORS_CREDENTIALS)', async () => {
    const listed = gatewayWith({ CORS_ORIGINS: 'https://app.example, https://admin.example:8443' });
    const ok = await listed.fetch('http://localhost/graphql', fromOrigin('https://admin.example:8443'));
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://admin.example:8443');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    for (const origin of ['https://evil.example', 'null', 'https://app.example.evil.example']) {
      const refused = await listed.fetch('http://localhost/graphql', fromOrigin(origin, '/graphql', 'OPTIONS'));
      expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    const withCredentials = gatewayWith({ CORS_ORIGINS: 'https://app.example', CORS_CREDENTIALS: 'true' });
    const res = await withCredentials.fetch('http://localhost/graphql', fromOrigin('https://app.example'));
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('refuses credentials for any origin, and malformed origins, at start-up', () => {
    expect(() => testConfig({ CORS_CREDENTIALS: 'true' })).toThrow(ConfigError);
    expect(() => testConfig({ CORS_ORIGINS: 'app.example' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('/readyz', () => {
  it('answers 503 "database unavailable" without the database error text', async () => {
    const pool = createPool({
      url: 'postgres://nobody:secret@127.0.0.1:1/none',
      max: 1,
      maxLifetimeSeconds: 0,
      idleTimeoutMs: 1000,
      connectTimeoutMs: 1000,
      statementTimeoutMs: 0,
    });
    const unreachable = {
      name: 'none',
      url: 'postgres://nobody:secret@127.0.0.1:1/none',
      pool,
      embedded: false,
      close: () => pool.end(),
    };
    const res = await gatewayWith({}, unreachable).fetch('http://localhost/readyz');
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ status: 'database unavailable' });
    expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nobody/);
    await pool.end();
  });
});

describe('/metrics in production', () => {
  const production = { NODE_ENV: 'production' };
  it('is off without METRICS_TOKEN', async () => {
    const res = await gatewayWith(production).fetch('http://localhost/metrics');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/set METRICS_TOKEN/);
  });

  it('answers only the token when METRICS_TOKEN is set', async () => {
    const yoga = gatewayWith({ ...production, METRICS_TOKEN: 'a-metrics-token-0123' });
    expect((await yoga.fetch('http://localhost/metrics')).status).toBe(401);
    const res = await yoga.fetch('http://localhost/metrics', {
      headers: { authorization: 'Bearer a-metrics-token-0123' },
    });
    expect(res.status).toBe(200);
  });
});
