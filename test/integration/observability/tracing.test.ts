// OpenTelemetry with an in-memory exporter: a request on a tenant's host is one trace — the request,
// its GraphQL phases and every SQL statement — and its statement spans carry that tenant's schema,
// never another tenant's, even with requests for other tenants running at the same time.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../../src/generated/prisma/client.js';
import { tracingPlugins } from '../../../src/edge/request-tracing.js';
import {
  startTracing,
  traceDriverAdapter,
  traceStatement,
  tracingEnabled,
  type Tracing,
} from '../../../src/observability/tracing.js';
import { signToken } from '../../helpers/api.js';
import { useTestDatabase } from '../../helpers/database.js';
import { send } from '../../helpers/http.js';
import { PRODUCTION_ENV, startTestServer, type TestServer } from '../../helpers/running-gateway.js';
import { startGatewayProcess } from '../../helpers/spawn-gateway.js';

const db = useTestDatabase();
const exporter = new InMemorySpanExporter();

describe('tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('costs nothing: no plugin, statements run as they are, adapters are not wrapped', async () => {
    expect(tracingEnabled()).toBe(false);
    expect(tracingPlugins()).toEqual([]);
    const adapter = await new PrismaPg(db.current.pool, { schema: 'public' }).connect();
    expect(traceDriverAdapter(adapter, 'public')).toBe(adapter);
    expect(await traceStatement({ schema: 'public', sql: 'SELECT 1' }, async () => 42)).toBe(42);
  });
});

describe('tracing on (in-memory exporter)', () => {
  let tracing: Tracing;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    tracing = startTracing({ exporter });
    server = await startTestServer(db.current.url);
    for (const slug of ['acme', 'globex', 'initech'])
      await server.gateway.services.provisioner.createTenant({ name: slug, slug });
    token = await signToken({ email: 'ops@example.com', systemAdmin: true });
  }, 60_000);
  afterAll(async () => {
    await server?.gateway.stop();
    await tracing?.shutdown();
  });

  const usersOn = (slug: string) =>
    send(server.url, '/graphql', {
      host: `${slug}.localhost`,
      headers: { authorization: `Bearer ${token}`, 'x-request-id': `trace-${slug}` },
      body: { query: 'query TenantUsers { users(first: 5) { totalCount } currentTenant { slug } }' },
    });

  /** Every span of the trace whose request span answered `requestId`'s request. */
  function traceOf(slug: string): ReadableSpan[] {
    const spans = exporter.getFinishedSpans();
    const request = spans.find((s) => s.name === 'POST /graphql' && s.attributes['tenant.slug'] === slug);
    expect(request, `a request span for ${slug}`).toBeDefined();
    return spans.filter((s) => s.spanContext().traceId === request!.spanContext().traceId);
  }

  it("turns a request on acme's host into one trace whose statement spans carry acme's schema and none another's", async () => {
    exporter.reset();
    const replies = await Promise.all(['acme', 'globex', 'initech'].map(usersOn));
    for (const reply of replies) expect(reply.status).toBe(200);

    const spans = traceOf('acme');
    const names = spans.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['POST /graphql', 'graphql.parse', 'graphql.validate', 'graphql.execute', 'db.statement']),
    );
    const request = spans.find((s) => s.name === 'POST /graphql')!;
    expect(request.attributes).toMatchObject({
      'tenant.slug': 'acme',
      'tenant.schema': 'tenant_acme',
      'graphql.operation.name': 'TenantUsers',
      'http.response.status_code': 200,
    });
    expect(spans.find((s) => s.name === 'graphql.execute')!.attributes).toMatchObject({
      'tenant.slug': 'acme',
      'graphql.operation.name': 'TenantUsers',
    });

    const statements = spans.filter((s) => s.name === 'db.statement');
    const inTenantSchema = statements.filter((s) => s.attributes['tenant.schema'] === 'tenant_acme');
    expect(inTenantSchema.length).toBeGreaterThan(0);
    for (const statement of inTenantSchema) {
      expect(statement.attributes).toMatchObject({
        'db.system': 'postgresql',
        'tenant.slug': 'acme',
        'graphql.operation.name': 'TenantUsers',
      });
      expect(String(statement.attributes['db.statement'])).toContain('"tenant_acme"');
    }
    // Everything else is the control plane (host lookup, account, usage), never another tenant.
    for (const statement of statements) {
      expect(['tenant_acme', 'public']).toContain(statement.attributes['tenant.schema']);
      expect(String(statement.attributes['db.statement'])).not.toMatch(/tenant_(globex|initech)/);
    }
    // And the other requests' traces are theirs alone.
    for (const other of ['globex', 'initech']) {
      const schemas = new Set(
        traceOf(other)
          .filter((s) => s.name === 'db.statement')
          .map((s) => s.attributes['tenant.schema']),
      );
      expect(schemas).toEqual(new Set([`tenant_${other}`, 'public']));
    }
  });

  it('records the SQL text with placeholders, never the parameter values', async () => {
    exporter.reset();
    const email = 'secret-parameter@acme.example';
    const reply = await send(server.url, '/graphql', {
      host: 'acme.localhost',
      headers: { authorization: `Bearer ${token}` },
      body: {
        query: 'mutation AddUser($input: CreateUserInput!) { createUser(input: $input) { id } }',
        variables: { input: { email, name: 'Param' } },
      },
    });
    expect(reply.status).toBe(200);
    const inserts = exporter
      .getFinishedSpans()
      .filter(
        (s) =>
          s.name === 'db.statement' && /INSERT INTO "tenant_acme"\."users"/.test(String(s.attributes['db.statement'])),
      );
    expect(inserts).toHaveLength(1);
    expect(String(inserts[0]!.attributes['db.statement'])).toMatch(/\$1/);
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain(email);
  });

  it("traces a client built on traceDriverAdapter, its transactions too, with the adapter's schema", async () => {
    exporter.reset();
    const base = new PrismaPg(db.current.pool, { schema: 'tenant_globex' });
    const prisma = new PrismaClient({
      adapter: {
        provider: base.provider,
        adapterName: base.adapterName,
        connect: async () => traceDriverAdapter(await base.connect(), 'tenant_globex'),
      } as unknown as PrismaPg,
    });
    try {
      await prisma.user.count();
      await prisma.$transaction([prisma.user.count(), prisma.user.findFirst()]);
    } finally {
      await prisma.$disconnect();
    }
    const statements = exporter.getFinishedSpans().filter((s) => s.name === 'db.statement');
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const statement of statements) expect(statement.attributes['tenant.schema']).toBe('tenant_globex');
    expect(
      statements
        .map((s) => String(s.attributes['db.statement']))
        .filter((sql) => sql.includes('"tenant_globex"."users"')),
    ).toHaveLength(3);
  });
});

describe('npm start with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('exports the spans over OTLP/HTTP (protobuf) to <endpoint>/v1/traces, flushed on shutdown', async () => {
    const received: { path: string; type: string; body: Buffer }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const gateway = await startGatewayProcess({
      ...PRODUCTION_ENV,
      DATABASE_URL: db.current.url,
      UNKNOWN_HOST_POLICY: 'platform',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    });
    try {
      const reply = await send(gateway.url, '/graphql', {
        host: 'nobody.localhost',
        body: { query: 'query Clock { serverTime }' },
      }); // the host lookup is SQL
      expect(reply.status).toBe(200);
    } finally {
      expect(await gateway.stop()).toBe(0);
      collector.close();
    }
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({ path: '/v1/traces', type: 'application/x-protobuf' });
    const body = Buffer.concat(received.map((r) => r.body)).toString('latin1');
    for (const text of [
      'tenant-gateway',
      'POST /graphql',
      'graphql.execute',
      'graphql.operation.name',
      'Clock',
      'db.statement',
    ])
      expect(body).toContain(text);
  }, 60_000);
});
