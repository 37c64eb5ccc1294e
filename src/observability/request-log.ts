// One log line and one metrics sample per GraphQL HTTP request: request id, tenant, operation(s),
// status, outcome, error codes and duration. Registered before the tenant door so that requests it
// refuses are logged and counted too.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context.js';
import { requestIdOf } from '../edge/request-id.js';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from './metrics.js';

interface RequestRecord {
  startedAt: number;
  tenant: string | null;
  /** Names of operations that passed validation and ran ("anonymous" when unnamed). */
  operations: string[];
  codes: Set<string>;
}

export function requestLogPlugin(opts: {
  logger: Logger;
  metrics: GatewayMetrics;
  graphqlPath: string;
}): Plugin<GraphQLContext> {
  const records = new WeakMap<Request, RequestRecord>();
  return {
    onRequest({ request }) {
      records.set(request, { startedAt: performance.now(), tenant: null, operations: [], codes: new Set() });
    },
    onExecute({ args }) {
      const ctx = args.contextValue;
      const record = records.get(ctx.request);
      if (!record) return;
      record.tenant = ctx.tenant?.slug ?? null;
      record.operations.push(getOperationAST(args.document, args.operationName)?.name?.value ?? 'anonymous');
    },
    onResultProcess({ request, result }) {
      const record = records.get(request);
      if (!record || Symbol.asyncIterator in result) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        for (const error of single.errors ?? []) {
          const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
          record.codes.add(typeof code === 'string' ? code : 'GRAPHQL_ERROR');
        }
      }
    },
    onResponse({ request, response }) {
      const record = records.get(request);
      const path = new URL(request.url, 'http://localhost').pathname;
      if (!record || path !== opts.graphqlPath) return;
      records.delete(request);
      const requestId = requestIdOf(request);
      if (!response.headers.has('x-request-id')) response.headers.set('x-request-id', requestId);
      const seconds = (performance.now() - record.startedAt) / 1000;
      const outcome = response.status >= 400 || record.codes.size > 0 ? 'error' : 'ok';
      for (const operation of record.operations.length ? record.operations : ['-']) {
        opts.metrics.observeRequest({ tenant: record.tenant, operation, outcome, seconds });
      }
      opts.logger.info(
        {
          requestId,
          method: request.method,
          tenant: record.tenant,
          operation: record.operations.join(',') || null,
          status: response.status,
          outcome,
          ...(record.codes.size ? { errorCodes: [...record.codes] } : {}),
          durationMs: Math.round(seconds * 10_000) / 10,
        },
        'graphql request',
      );
    },
  };
}
