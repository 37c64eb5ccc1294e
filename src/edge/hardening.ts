// Everything that protects the GraphQL endpoint from what a client sends, in one place:
// Yoga options (masking, batching, body size, explorer) and the plugins that enforce the rest.
// The defaults and their variables are listed in README "Security defaults".
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { errorMaskingPlugin, maskError, UNEXPECTED_ERROR_MESSAGE } from './error-masking.js';
import { executionTimeoutPlugin } from './execution-timeout.js';
import { inputSanityPlugin } from './input-sanity.js';
import type { HostResolver } from '../tenancy/host-resolver.js';
import { cachedGraphiQLRenderer, explorerOnPlatformHost } from './graphiql.js';
import { disableIntrospectionPlugin, queryLimitsPlugin } from './query-limits.js';

/** The header a browser cannot add to a cross-site "simple" request (GET, form or text/plain POST). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

type HardeningOptions = Pick<
  YogaServerOptions<Record<string, unknown>, Record<string, unknown>>,
  'maskedErrors' | 'batching' | 'maxRequestBodySize' | 'graphiql' | 'renderGraphiQL' | 'cors'
>;

/** Probes and metrics are for load balancers and scrapers, never for browsers: no CORS headers at all. */
const NO_CORS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * CORS_ORIGINS: '*' (the default) lets any origin read answers but never with credentials; a list
 * allows only those origins (credentials only with CORS_CREDENTIALS=true). An origin that is not
 * allowed gets no CORS headers (never `null`, which sandboxed pages send).
 */
export function corsPolicy(cors: Config['cors']) {
  const any = cors.origins.includes('*');
  return (request: Request) => {
    if (NO_CORS_PATHS.has(new URL(request.url).pathname)) return false as const;
    const origin = request.headers.get('origin');
    if (!origin) return false as const;
    if (any) return { origin: '*', credentials: false };
    return cors.origins.includes(origin) ? { origin: [origin], credentials: cors.credentials } : (false as const);
  };
}

export function hardeningOptions(services: { config: Config; hosts: HostResolver }): HardeningOptions {
  const { graphql } = services.config;
  return {
    maskedErrors: { maskError, errorMessage: UNEXPECTED_ERROR_MESSAGE, isDev: false },
    batching: graphql.batchLimit > 0 ? { limit: graphql.batchLimit } : false,
    // Yoga's own check also covers bodies without Content-Length (chunked), while they stream in.
    maxRequestBodySize: graphql.maxRequestBodyBytes,
    graphiql: graphql.graphiql ? explorerOnPlatformHost(services) : false,
    renderGraphiQL: cachedGraphiQLRenderer(),
    cors: corsPolicy(services.config.cors),
  };
}

/** Named, so that `npm run bench:plugins` can measure what each one costs per request. */
export function hardeningPlugins(config: Config, logger: Logger): [string, Plugin][] {
  const { graphql } = config;
  return [
    ['body-limit', requestBodyLimitPlugin(graphql.maxRequestBodyBytes)],
    ['csrf', csrfPreventionPlugin()],
    ['query-limits', queryLimitsPlugin(graphql)],
    ['input-sanity', inputSanityPlugin()],
    ...(graphql.introspection ? [] : [['no-introspection', disableIntrospectionPlugin()] as [string, Plugin]]),
    ['execution-timeout', executionTimeoutPlugin(graphql.executionTimeoutMs)],
    ['error-masking', errorMaskingPlugin(logger)],
  ];
}

/**
 * Yoga's CSRF guard, with a message that tells a legitimate client what to send: a cross-site form
 * or <img> can issue GET and text/plain or form POSTs, but can neither set a custom header nor send
 * application/json without a CORS preflight.
 */
function csrfPreventionPlugin(): Plugin {
  const guard = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      try {
        guard.onRequestParse?.(payload as never);
      } catch {
        throw createGraphQLError(
          `Possible cross-site request refused: send the query as a POST with Content-Type: application/json, or add a "${CSRF_HEADER}" header.`,
          { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
        );
      }
    },
  };
}

/** Refuses a declared-too-large body before a byte of it is read, with a message naming the limit. */
function requestBodyLimitPlugin(maxBytes: number): Plugin {
  return {
    onRequestParse({ request }) {
      const declared = request.headers.get('content-length');
      if (declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
        throw createGraphQLError(`Request body too large: ${declared} bytes, the limit is ${maxBytes} bytes.`, {
          extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
        });
      }
    },
  };
}
