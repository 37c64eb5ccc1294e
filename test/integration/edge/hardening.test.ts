// What a client may send, over real HTTP: limits, CSRF, batching, body size, introspection, explorer.
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../../src/edge/hardening.js';
import { http, send } from '../../helpers/http.js';
import { PRODUCTION_ENV, useTestServer } from '../../helpers/running-gateway.js';

const json = { 'content-type': 'application/json' };

async function post(url: string, body: unknown, headers: Record<string, string> = json) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: safeJson(text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Nesting that exists in any schema: __type → fields → type → ofType… → name; depth = levels + 4. */
function nestedQuery(levels: number): string {
  let selection = 'name';
  for (let i = 0; i < levels; i++) selection = `ofType { ${selection} }`;
  return `{ __type(name: "Query") { fields { type { ${selection} } } } }`;
}

function aliases(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: serverTime`).join(' ')} }`;
}

describe('with the default limits', () => {
  const server = useTestServer();

  it('answers a small query', async () => {
    const res = await post(server.current.url, { query: '{ serverTime }' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ serverTime: expect.any(String) });
  });

  it('refuses a query deeper than 6 levels with 400 and the limit in the message', async () => {
    expect((await post(server.current.url, { query: nestedQuery(2) })).status).toBe(200); // depth 6
    const res = await post(server.current.url, { query: nestedQuery(3) });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: 'Query depth limit of 6 exceeded, found 7.',
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
  });

  it('refuses more than 15 aliases with 400', async () => {
    expect((await post(server.current.url, { query: aliases(15) })).status).toBe(200);
    const res = await post(server.current.url, { query: aliases(16) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe('Aliases limit of 15 exceeded, found 16.');
  });

  it('refuses a document of more than 1000 tokens with 400, while parsing', async () => {
    const res = await post(server.current.url, { query: `{ ${'serverTime '.repeat(1000)}}` });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'Token limit of 1000 exceeded.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses limits with 400 for application/graphql-response+json clients too', async () => {
    const res = await post(
      server.current.url,
      { query: aliases(16) },
      { ...json, accept: 'application/graphql-response+json' },
    );
    expect(res.status).toBe(400);
  });

  it('refuses a body over 100 KiB with 413 before reading it, naming the limit', async () => {
    const res = await post(server.current.url, { query: '{ serverTime }', variables: { pad: 'x'.repeat(110_000) } });
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0]?.message).toMatch(/^Request body too large: \d+ bytes, the limit is 102400 bytes\.$/);
  });

  it('refuses an oversized chunked body (no Content-Length) with 413 while it streams in', async () => {
    const res = await http(`${server.current.url}/graphql`, {
      method: 'POST',
      headers: json,
      body: ['{"query":"{ serverTime }","variables":{"pad":"', 'x'.repeat(60_000), 'x'.repeat(60_000), '"}}'],
    });
    expect(res.status).toBe(413);
    expect(res.body).toContain('Request body too large');
  });

  it('refuses a batch (an array of operations): batching is off by default', async () => {
    const res = await post(server.current.url, [{ query: '{ serverTime }' }, { query: '{ serverTime }' }]);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.data).toBeUndefined();
  });

  it('refuses a GET query without the CSRF header, and a text/plain POST (both are cross-site "simple" requests)', async () => {
    const get = await fetch(`${server.current.url}/graphql?query=${encodeURIComponent('{ serverTime }')}`);
    expect(get.status).toBe(403);
    expect(await get.text()).toContain(CSRF_HEADER);

    const form = await post(server.current.url, JSON.stringify({ query: '{ serverTime }' }), {
      'content-type': 'text/plain',
    });
    expect(form.status).toBe(403);
    expect(form.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('accepts a GET query that carries the CSRF header', async () => {
    const res = await fetch(`${server.current.url}/graphql?query=${encodeURIComponent('{ serverTime }')}`, {
      headers: { [CSRF_HEADER]: '1' },
    });
    expect(res.status).toBe(200);
  });

  it('serves introspection and the explorer (with the headers editor) outside production', async () => {
    const intro = await post(server.current.url, { query: '{ __schema { queryType { name } } }' });
    expect(intro.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });

    const page = await fetch(`${server.current.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('"isHeadersEditorEnabled":true');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/); // no CDN: works offline
  });

  it('serves the explorer on the platform host only', async () => {
    const { url, gateway } = server.current;
    await gateway.services.db.pool.query(
      `INSERT INTO tenants (name, slug, schema_name, status) VALUES ('Acme', 'acme', 'tenant_acme', 'active')`,
    );
    const html = { accept: 'text/html' };
    expect((await send(url, '/graphql', { host: 'localhost', headers: html })).body).toContain(
      'Tenant gateway explorer',
    );
    expect((await send(url, '/graphql', { host: 'www.localhost', headers: html })).body).toContain(
      'Tenant gateway explorer',
    );
    const onTenant = await send(url, '/graphql', { host: 'acme.localhost', headers: html });
    expect(onTenant.status).toBe(406);
    expect(onTenant.body).not.toContain('GraphiQL');
    const unknown = await send(url, '/graphql', { host: 'nobody.localhost', headers: html });
    expect(unknown.status).toBe(404); // the door's page, not the explorer
    expect(unknown.body).not.toContain('GraphiQL');
  });
});

describe('in production', () => {
  const server = useTestServer(PRODUCTION_ENV);

  it('refuses introspection', async () => {
    const res = await post(server.current.url, { query: '{ __schema { queryType { name } } }' });
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]?.message).toMatch(/introspection has been disabled/);
  });

  it('does not serve the explorer', async () => {
    const page = await fetch(`${server.current.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(406); // the GraphQL endpoint itself answers JSON only
    expect(await page.text()).not.toContain('GraphiQL');
    expect((await post(server.current.url, { query: '{ serverTime }' })).status).toBe(200);
  });

  it('hides "Did you mean" suggestions that would reveal field names', async () => {
    const res = await post(server.current.url, { query: '{ serverTim }' });
    expect(res.body.errors?.[0]?.message).not.toContain('serverTime');
  });
});

describe('in production with the explorer, introspection and different limits enabled by configuration', () => {
  const server = useTestServer({
    ...PRODUCTION_ENV,
    GRAPHIQL_ENABLED: 'true',
    INTROSPECTION_ENABLED: 'true',
    GRAPHQL_MAX_COST: '3',
    GRAPHQL_BATCH_LIMIT: '2',
  });

  it('serves introspection and the explorer', async () => {
    const intro = await post(server.current.url, { query: '{ __schema { queryType { name } } }' });
    expect(intro.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const page = await fetch(`${server.current.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Tenant gateway explorer');
  });

  it('applies GRAPHQL_MAX_COST', async () => {
    expect((await post(server.current.url, { query: aliases(3) })).status).toBe(200);
    const res = await post(server.current.url, { query: aliases(4) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe('Query Cost limit of 3 exceeded, found 4.');
  });

  it('answers batches up to GRAPHQL_BATCH_LIMIT and refuses larger ones', async () => {
    const two = await post(server.current.url, [{ query: '{ serverTime }' }, { query: '{ serverTime }' }]);
    expect(two.status).toBe(200);
    expect(two.body).toHaveLength(2);
    const three = await post(server.current.url, [
      { query: '{ serverTime }' },
      { query: '{ serverTime }' },
      { query: '{ serverTime }' },
    ]);
    expect(three.status).toBe(413);
  });
});
