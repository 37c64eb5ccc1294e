// OpenTelemetry traces: one span per GraphQL request, one per GraphQL phase (parse, validate,
// execute) and one per SQL statement, carrying the tenant (`tenant.slug`, `tenant.schema`) and the
// operation name. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test starts it with an exporter
// of its own): then no tracer exists, no plugin is installed, traceStatement calls straight through
// and traceDriverAdapter returns the adapter it was given. The request and phase spans are started by
// the Yoga plugin in edge/request-tracing.ts.
import {
  context as otelContext,
  createContextKey,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { SqlDriverAdapter, SqlQuery, SqlQueryable, Transaction } from '@prisma/driver-adapter-utils';
import type { Config } from '../config.js';

export const ATTR_TENANT_SLUG = 'tenant.slug';
export const ATTR_TENANT_SCHEMA = 'tenant.schema';
export const ATTR_OPERATION_NAME = 'graphql.operation.name';

/** What a request has learnt about itself; statement spans read it from the active context. */
export interface RequestScope {
  slug?: string;
  schema?: string;
  operation?: string;
}
export const SCOPE = createContextKey('tenant-gateway request scope');

let tracer: Tracer | null = null;

export function tracingEnabled(): boolean {
  return tracer !== null;
}

/** The tracer while tracing is on (edge/request-tracing.ts starts the request spans with it). */
export function activeTracer(): Tracer | null {
  return tracer;
}

export interface Tracing {
  /** Exports what is still buffered, then turns tracing off. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider exporting to `exporter` (tests: InMemorySpanExporter, sent one
 * by one) and turns tracing on. Call before the gateway's services are created.
 */
export function startTracing(opts: { exporter: SpanExporter; serviceName?: string; batch?: boolean }): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? 'tenant-gateway' }),
    spanProcessors: [opts.batch ? new BatchSpanProcessor(opts.exporter) : new SimpleSpanProcessor(opts.exporter)],
  });
  provider.register();
  tracer = provider.getTracer('tenant-gateway');
  return {
    async shutdown() {
      tracer = null;
      await provider.shutdown().catch(() => undefined);
      trace.disable();
      otelContext.disable();
    },
  };
}

/** `npm start`: OTLP over HTTP (protobuf) to OTEL_EXPORTER_OTLP_ENDPOINT, or nothing at all. */
export function startTracingFromConfig(config: Pick<Config, 'tracing'>): Tracing | null {
  if (!config.tracing.endpoint) return null;
  const url = `${config.tracing.endpoint.replace(/\/+$/, '')}/v1/traces`;
  return startTracing({
    exporter: new OTLPTraceExporter({ url }),
    serviceName: config.tracing.serviceName,
    batch: true,
  });
}

/**
 * A span around one SQL statement: `db.statement` is the SQL text (parameters are bound, their
 * values never recorded), `tenant.schema` the schema it runs in, and `tenant.slug` and the operation
 * name from the request it runs for, where known. Without tracing it only calls `run`.
 */
export function traceStatement<T>(attrs: { schema: string; sql: string }, run: () => Promise<T>): Promise<T> {
  if (!tracer) return run();
  const scope = otelContext.active().getValue(SCOPE) as RequestScope | undefined;
  return tracer.startActiveSpan(
    'db.statement',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system': 'postgresql',
        'db.statement': attrs.sql,
        [ATTR_TENANT_SCHEMA]: attrs.schema,
        ...(scope?.slug ? { [ATTR_TENANT_SLUG]: scope.slug } : {}),
        ...(scope?.operation ? { [ATTR_OPERATION_NAME]: scope.operation } : {}),
      },
    },
    (span) =>
      run().then(
        (result) => {
          span.end();
          return result;
        },
        (err: unknown) => {
          // The code or kind only: PostgreSQL messages and details can quote parameter values.
          const e = err as { code?: unknown; cause?: { kind?: unknown; originalCode?: unknown }; name?: unknown };
          span.setAttribute(
            'error.type',
            String(e.cause?.originalCode ?? e.code ?? e.cause?.kind ?? e.name ?? 'error'),
          );
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          throw err;
        },
      ),
  );
}

/**
 * Wraps a Prisma SQL driver adapter so that every queryRaw/executeRaw, and those of the transactions
 * it starts, is a `db.statement` span in `schema`. Returns `adapter` itself when tracing is off.
 */
export function traceDriverAdapter<A extends SqlDriverAdapter>(given: A, schema: string): A {
  if (!tracer) return given;
  // Wrapping a traced adapter again re-labels it rather than tracing every statement twice.
  const adapter = (untraced.get(given) as A | undefined) ?? given;
  return withTracedQueries(adapter, schema, {
    startTransaction: async (isolationLevel?: Parameters<SqlDriverAdapter['startTransaction']>[0]) =>
      withTracedQueries(await adapter.startTransaction(isolationLevel), schema, {}),
  });
}

function withTracedQueries<Q extends SqlQueryable | Transaction>(
  queryable: Q,
  schema: string,
  extra: Record<string, unknown>,
): Q {
  const overrides: Record<string | symbol, unknown> = {
    ...extra,
    queryRaw: (query: SqlQuery) => traceStatement({ schema, sql: query.sql }, () => queryable.queryRaw(query)),
    executeRaw: (query: SqlQuery) => traceStatement({ schema, sql: query.sql }, () => queryable.executeRaw(query)),
  };
  const traced = new Proxy(queryable, {
    get(target, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop];
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  untraced.set(traced, queryable);
  return traced;
}

/** traced proxy → the adapter it wraps. */
const untraced = new WeakMap<object, object>();
