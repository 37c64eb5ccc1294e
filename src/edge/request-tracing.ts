// The request span and one span per GraphQL phase (parse, validate, execute), carrying the tenant and
// operation name that statement spans (observability/tracing.ts) read from the active context.
import { context as otelContext, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context.js';
import {
  activeTracer,
  ATTR_OPERATION_NAME,
  ATTR_TENANT_SCHEMA,
  ATTR_TENANT_SLUG,
  SCOPE,
  type RequestScope,
} from '../observability/tracing.js';

/** Spans for the request and its GraphQL phases, with tenant and operation; only installed when tracing is on. */
export function tracingPlugins(): Plugin<GraphQLContext>[] {
  const t = activeTracer();
  if (!t) return [];
  const requests = new WeakMap<Request, { span: Span; scope: RequestScope }>();
  const phase = (name: string) => (_payload: unknown, wrapped: () => void) =>
    t.startActiveSpan(name, (span) => {
      try {
        wrapped();
      } finally {
        span.end();
      }
    });
  return [
    {
      instrumentation: {
        request({ request }, wrapped) {
          const url = new URL(request.url, 'http://localhost');
          if (url.pathname !== '/graphql') return wrapped(); // probes and /metrics are not traced
          const scope: RequestScope = {};
          const parent = otelContext.active().setValue(SCOPE, scope);
          return t.startActiveSpan(
            `${request.method} ${url.pathname}`,
            { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': url.pathname } },
            parent,
            async (span) => {
              requests.set(request, { span, scope });
              try {
                await wrapped();
              } finally {
                span.end();
              }
            },
          );
        },
        parse: phase('graphql.parse'),
        validate: phase('graphql.validate'),
        execute(_payload, wrapped) {
          return t.startActiveSpan('graphql.execute', async (span) => {
            try {
              await wrapped();
            } finally {
              span.end();
            }
          });
        },
      },
      onExecute({ args }) {
        const ctx = args.contextValue;
        const entry = requests.get(ctx.request);
        const operation = getOperationAST(args.document, args.operationName)?.name?.value ?? 'anonymous';
        const attributes = {
          [ATTR_OPERATION_NAME]: operation,
          ...(ctx.tenant ? { [ATTR_TENANT_SLUG]: ctx.tenant.slug, [ATTR_TENANT_SCHEMA]: ctx.tenant.schemaName } : {}),
        };
        trace.getActiveSpan()?.setAttributes(attributes); // graphql.execute
        if (!entry) return;
        entry.span.setAttributes(attributes);
        entry.scope.operation = operation;
        if (ctx.tenant) Object.assign(entry.scope, { slug: ctx.tenant.slug, schema: ctx.tenant.schemaName });
      },
      onResponse({ request, response }) {
        const entry = requests.get(request);
        if (!entry) return;
        entry.span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
        requests.delete(request);
      },
    },
  ];
}
