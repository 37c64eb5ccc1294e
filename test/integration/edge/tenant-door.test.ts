// The door over real HTTP: every tenant state and Host problem, for browsers and API clients.
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/app.js';
import { createContextFactory } from '../../../src/context.js';
import { TenantRequiredError, TenantSuspendedError } from '../../../src/errors.js';
import { tenantDoorPlugin } from '../../../src/edge/tenant-door.js';
import { createLogger } from '../../../src/logger.js';
import { testConfig, useTestDatabase } from '../../helpers/database.js';
import { graphqlPost, http, rawRequest, type GraphQLBody, type HttpResponse } from '../../helpers/http.js';
import { insertTenant } from '../../helpers/tenant-rows.js';

const db = useTestDatabase();
const gateways: RunningGateway[] = [];
let strict: RunningGateway; // NODE_ENV=test: unknown hosts are refused
let lenient: RunningGateway; // UNKNOWN_HOST_POLICY=platform, as development defaults to
let behindProxy: RunningGateway; // TRUST_PROXY=on

async function boot(env: Record<string, string> = {}) {
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', ...env }, db.current.url);
  const gateway = await startGateway(config, createLogger(config));
  gateways.push(gateway);
  return gateway;
}

beforeAll(async () => {
  await insertTenant(db.current.pool, { slug: 'door-active', status: 'active', domain: 'shop.door.test' });
  await insertTenant(db.current.pool, { slug: 'door-suspended', status: 'suspended' });
  await insertTenant(db.current.pool, { slug: 'door-pending', status: 'pending' });
  await insertTenant(db.current.pool, { slug: 'door-archived', status: 'archived' });
  [strict, lenient, behindProxy] = await Promise.all([
    boot(),
    boot({ UNKNOWN_HOST_POLICY: 'platform' }),
    boot({ TRUST_PROXY: 'on' }),
  ]);
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
});

const clients = {
  'an API client': (gateway: RunningGateway, host: string) => graphqlPost(gateway.url, host, '{ serverTime }'),
  'a browser': (gateway: RunningGateway, host: string) =>
    http(`${gateway.url}/graphql`, { host, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } }),
};

function expectRefusal(res: HttpResponse, client: string, status: number, code: string, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['cache-control']).toBe('no-store');
  if (client === 'a browser') {
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain(code);
    expect(res.body).toMatch(message);
  } else {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code } }] });
  }
}

/**
 * Past the door, what a browser gets is not the door's business (the explorer on the platform host,
 * a CSRF refusal or 406 on a tenant host's JSON endpoint): it only must not be a door refusal.
 */
function expectAdmitted(res: HttpResponse, client: string, what: string) {
  if (client === 'an API client') {
    expect(res.status, what).toBe(200);
    expect(res.json<GraphQLBody<{ serverTime: string }>>().data!.serverTime, what).toEqual(expect.any(String));
  } else {
    expect([400, 404, 503], what).not.toContain(res.status);
    expect(res.body, what).not.toMatch(/TENANT_NOT_FOUND|TENANT_SUSPENDED|TENANT_NOT_READY|Invalid Host/);
  }
}

describe.each(Object.entries(clients))('the door, for %s', (client, send) => {
  it('lets an active tenant in by its subdomain and by its custom domain', async () => {
    for (const host of ['door-active.localhost:4000', 'SHOP.door.test'])
      expectAdmitted(await send(strict, host), client, host);
  });

  it('lets the platform host in (base domain and www.)', async () => {
    for (const host of ['localhost', 'www.localhost:4000']) expectAdmitted(await send(strict, host), client, host);
  });

  it('answers an unknown host with 404 TENANT_NOT_FOUND', async () => {
    expectRefusal(await send(strict, 'nobody.localhost'), client, 404, 'TENANT_NOT_FOUND', /No tenant/);
    expectRefusal(await send(strict, 'elsewhere.example.org'), client, 404, 'TENANT_NOT_FOUND', /No tenant/);
  });

  it('answers an archived tenant with 404 TENANT_NOT_FOUND, as if it did not exist', async () => {
    expectRefusal(await send(strict, 'door-archived.localhost'), client, 404, 'TENANT_NOT_FOUND', /No tenant/);
  });

  it('answers an IP literal with 404 TENANT_NOT_FOUND: an address names no tenant', async () => {
    expectRefusal(await send(strict, '127.0.0.1'), client, 404, 'TENANT_NOT_FOUND', /No tenant/);
    expectRefusal(await send(strict, '[::1]:4000'), client, 404, 'TENANT_NOT_FOUND', /No tenant/);
  });

  it('answers a suspended tenant with 403 TENANT_SUSPENDED', async () => {
    expectRefusal(await send(strict, 'door-suspended.localhost'), client, 403, 'TENANT_SUSPENDED', /suspended/);
  });

  it('answers a pending tenant with 503 TENANT_NOT_READY and Retry-After', async () => {
    const res = await send(strict, 'door-pending.localhost');
    expectRefusal(res, client, 503, 'TENANT_NOT_READY', /being set up/);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('answers an invalid Host with 400 BAD_USER_INPUT naming the problem', async () => {
    expectRefusal(
      await send(strict, 'my_shop.localhost'),
      client,
      400,
      'BAD_USER_INPUT',
      /Invalid Host header: .*not a valid DNS name/,
    );
    expectRefusal(await send(strict, `${'a'.repeat(64)}.localhost`), client, 400, 'BAD_USER_INPUT', /longer than 63/);
  });

  it('ignores X-Forwarded-Host unless TRUST_PROXY is on', async () => {
    const spoofed = (gateway: RunningGateway) =>
      http(`${gateway.url}/graphql`, {
        method: client === 'a browser' ? 'GET' : 'POST',
        host: 'nobody.localhost',
        headers: {
          // an appending proxy: a client value on the left, the proxy's own (rightmost) value counts
          'x-forwarded-host': 'nobody-else.localhost, door-active.localhost',
          'content-type': 'application/json',
          accept: client === 'a browser' ? 'text/html' : 'application/json',
        },
        body: client === 'a browser' ? undefined : JSON.stringify({ query: '{ serverTime }' }),
      });
    expectRefusal(await spoofed(strict), client, 404, 'TENANT_NOT_FOUND', /No tenant/);
    expectAdmitted(await spoofed(behindProxy), client, 'behind a trusted proxy');
  });

  it('lets an unknown host in with no tenant where UNKNOWN_HOST_POLICY=platform, but never a suspended one', async () => {
    expectAdmitted(await send(lenient, 'nobody.localhost'), client, 'unknown host');
    expectAdmitted(await send(lenient, 'door-archived.localhost'), client, 'archived tenant');
    expectRefusal(await send(lenient, 'door-suspended.localhost'), client, 403, 'TENANT_SUSPENDED', /suspended/);
    expectRefusal(await send(lenient, 'bad_host.localhost'), client, 400, 'BAD_USER_INPUT', /Invalid Host/);
  });
});

describe('the door', () => {
  it('refuses a request with two Host headers with 400', async () => {
    const res = await rawRequest(strict.url, {
      method: 'GET',
      path: '/graphql',
      version: '1.1',
      headers: [
        ['Host', 'door-active.localhost'],
        ['Host', 'door-suspended.localhost'],
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('several Host headers');
  });

  it('refuses an HTTP/1.0 request without a Host header with 400', async () => {
    const res = await rawRequest(strict.url, { method: 'GET', path: '/graphql', headers: [] });
    expect(res.status).toBe(400);
    expect(res.body).toContain('missing or empty');
  });

  it('refuses raw Unicode in Host with 400 (IDNs arrive as punycode)', async () => {
    const res = await rawRequest(strict.url, {
      method: 'GET',
      path: '/graphql',
      version: '1.1',
      headers: [['Host', 'bücher.localhost']],
    });
    expect(res.status).toBe(400);
  });

  it('replaces an answer Yoga gives before any plugin (its GraphiQL page) when the host is refused', async () => {
    // A bare Yoga with its default GraphiQL, which renders in a hook that runs ahead of user plugins.
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
      plugins: [tenantDoorPlugin(strict.services)],
    });
    const page = (host: string) => yoga.fetch(`http://${host}/graphql`, { headers: { accept: 'text/html' } });
    const suspended = await page('door-suspended.localhost');
    expect(suspended.status).toBe(403);
    expect(await suspended.text()).toContain('TENANT_SUSPENDED');
    const active = await page('door-active.localhost');
    expect(active.status).toBe(200);
    expect(await active.text()).toContain('GraphiQL');
  });

  it('does not stand between probes and the process, whatever the host', async () => {
    for (const path of ['/healthz', '/readyz']) {
      expect((await http(`${strict.url}${path}`, { host: 'door-suspended.localhost' })).status, path).toBe(200);
      expect((await http(`${strict.url}${path}`, { host: 'bad_host' })).status, path).toBe(200);
    }
    const metrics = await http(`${strict.url}/metrics`, { host: 'nobody.localhost' });
    expect(metrics.body).not.toContain('TENANT_NOT_FOUND');
  });
});

describe('the context of a request', () => {
  const contextFor = (host: string, env: Record<string, string> = {}) => {
    const services = (env.UNKNOWN_HOST_POLICY ? lenient : strict).services;
    const request = new Request('http://internal/graphql', { headers: { host } });
    return createContextFactory(services)({ request, params: { query: '{ serverTime }' } } as never);
  };

  it('carries the tenant the door admitted', async () => {
    expect((await contextFor('door-active.localhost')).tenant).toMatchObject({ slug: 'door-active', status: 'active' });
    expect((await contextFor('localhost')).tenant).toBeNull();
  });

  it('fails closed when a request reaches it without passing the door', async () => {
    await expect(contextFor('door-suspended.localhost')).rejects.toBeInstanceOf(TenantSuspendedError);
  });

  it('has no tenant on an unknown host under UNKNOWN_HOST_POLICY=platform, and tenant models fail with TENANT_REQUIRED', async () => {
    const ctx = await contextFor('nobody.localhost', { UNKNOWN_HOST_POLICY: 'platform' });
    expect(ctx.tenant).toBeNull();
    expect(() => ctx.prisma.user).toThrow(TenantRequiredError);
  });
});
