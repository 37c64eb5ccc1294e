// /metrics and the request log of a real gateway, after real requests.
import { describe, expect, it } from 'vitest';
import { send } from '../../helpers/http.js';
import { useTestServer } from '../../helpers/running-gateway.js';

/** The value of one series in Prometheus text format, or undefined when it is not exposed. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  const server = useTestServer();

  it('counts requests by tenant, operation and outcome, with their latency', async () => {
    const { url } = server.current;
    await server.current.gateway.services.db.pool.query(
      `INSERT INTO tenants (name, slug, schema_name, status) VALUES ('Acme', 'acme', 'tenant_acme', 'active')`,
    );
    expect(
      (await send(url, '/graphql', { host: 'acme.localhost', body: { query: 'query Ping { serverTime }' } })).status,
    ).toBe(200);
    expect((await send(url, '/graphql', { body: { query: 'query Ping { serverTime }' } })).status).toBe(200);
    expect((await send(url, '/graphql', { body: { query: 'query Ping { serverTime }' } })).status).toBe(200);
    expect((await send(url, '/graphql', { body: { query: `{ ${'x: serverTime '.repeat(16)}}` } })).status).toBe(400);

    const metrics = (await send(url, '/metrics')).body;
    expect(sample(metrics, 'gateway_graphql_requests_total{tenant="acme",operation="Ping",outcome="ok"}')).toBe(1);
    expect(sample(metrics, 'gateway_graphql_requests_total{tenant="none",operation="Ping",outcome="ok"}')).toBe(2);
    // Refused before execution: no operation name becomes a label.
    expect(sample(metrics, 'gateway_graphql_requests_total{tenant="none",operation="-",outcome="error"}')).toBe(1);
    expect(sample(metrics, 'gateway_graphql_request_duration_seconds_count{operation="Ping",outcome="ok"}')).toBe(3);
    expect(
      sample(metrics, 'gateway_graphql_request_duration_seconds_bucket{le="+Inf",operation="Ping",outcome="ok"}'),
    ).toBe(3);
  });

  it('exposes the client cache, the pool, the host cache and the process', async () => {
    const metrics = (await send(server.current.url, '/metrics')).body;
    const pool = server.current.gateway.services.db.pool;
    expect(sample(metrics, 'gateway_db_pool_connections_total')).toBe(pool.totalCount);
    for (const series of [
      'gateway_client_cache_size',
      'gateway_client_cache_hits_total',
      'gateway_client_cache_misses_total',
      'gateway_client_cache_evictions_total',
      'gateway_db_pool_connections_idle',
      'gateway_db_pool_waiting_clients',
      'gateway_host_cache_size',
      'gateway_host_cache_hits_total',
      'gateway_host_cache_misses_total',
      'process_cpu_user_seconds_total',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(sample(metrics, series), series).toBeGreaterThanOrEqual(0);
    }
    expect(metrics).toContain('# TYPE gateway_client_cache_hits_total counter');
    // The acme request above missed the host cache once.
    const hosts = server.current.gateway.services.hosts.stats();
    expect(sample(metrics, 'gateway_host_cache_misses_total')).toBe(hosts.misses);
    expect(hosts.misses).toBeGreaterThanOrEqual(1);
  });

  it('answers on any Host: a scraper is not subject to tenant routing', async () => {
    const unknown = await send(server.current.url, '/metrics', { host: 'nobody.localhost' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toContain('gateway_graphql_requests_total');
    // …while the GraphQL endpoint on that host is refused at the door.
    expect(
      (await send(server.current.url, '/graphql', { host: 'nobody.localhost', body: { query: '{ serverTime }' } }))
        .status,
    ).toBe(404);
  });
});

describe('the request log', () => {
  const server = useTestServer();

  it('writes one line per request with id, tenant, operation, status, outcome, codes and duration', async () => {
    const { url, logs } = server.current;
    await send(url, '/graphql', {
      body: { query: 'query Ping { serverTime }' },
      headers: { 'x-request-id': 'log-ok-1' },
    });
    await send(url, '/graphql', {
      body: { query: `{ ${'x: serverTime '.repeat(16)}}` },
      headers: { 'x-request-id': 'log-err-1' },
    });

    const lines = (id: string) => logs.lines().filter((l) => l.requestId === id && l.msg === 'graphql request');
    expect(lines('log-ok-1')).toEqual([
      expect.objectContaining({
        tenant: null,
        operation: 'Ping',
        status: 200,
        outcome: 'ok',
        durationMs: expect.any(Number),
      }),
    ]);
    expect(lines('log-ok-1')[0]).not.toHaveProperty('errorCodes');
    expect(lines('log-err-1')).toEqual([
      expect.objectContaining({ operation: null, status: 400, outcome: 'error', errorCodes: ['BAD_USER_INPUT'] }),
    ]);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789';
  const server = useTestServer({ METRICS_TOKEN: token });

  it('answers only a scraper that presents the token', async () => {
    expect((await send(server.current.url, '/metrics')).status).toBe(401);
    expect(
      (await send(server.current.url, '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);
    const ok = await send(server.current.url, '/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('gateway_db_pool_connections_total');
  });
});
