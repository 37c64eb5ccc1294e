// Configures the GraphQL server; does not listen (tests call yoga.fetch, main.ts serves it).
import type { GraphQLSchema } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { createContextFactory, type GraphQLContext } from './context.js';
import { wasMasked } from './edge/error-masking.js';
import { trustedDocumentsPlugins } from './edge/trusted-documents.js';
import { hardeningOptions, hardeningPlugins } from './edge/hardening.js';
import { healthPlugin } from './edge/health.js';
import { metricsEndpointPlugin } from './observability/metrics-endpoint.js';
import { requestLogPlugin } from './observability/request-log.js';
import { tracingPlugins } from './edge/request-tracing.js';
import { apiUsagePlugin } from './edge/api-usage.js';
import { memberActivityPlugin } from './edge/member-activity.js';
import { tenantDoorPlugin } from './edge/tenant-door.js';
import { schema } from './schema/index.js';
import type { Services } from './services.js';

/** The gateway's plugins in order, each with a name (what bench/plugin-cost.ts leaves out one at a time). */
// Plugins are typed for the contexts they read; Yoga's list takes any of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPlugin = Plugin<any>;

export function gatewayPlugins(services: Services): [string, AnyPlugin[]][] {
  // Order matters: probes and /metrics answer on any Host, and the request log sees door refusals.
  return [
    ['tracing', tracingPlugins()],
    ['health', [healthPlugin(services)]],
    [
      'metrics-endpoint',
      [
        metricsEndpointPlugin(
          services.metrics,
          services.config.metrics.token,
          services.config.isProduction && !services.config.metrics.token,
        ),
      ],
    ],
    [
      'request-log',
      [requestLogPlugin({ logger: services.logger, metrics: services.metrics, graphqlPath: '/graphql' })],
    ],
    ['tenant-door', [tenantDoorPlugin(services)]],
    ['trusted-documents', trustedDocumentsPlugins(services)],
    ...hardeningPlugins(services.config, services.logger).map(([name, plugin]): [string, AnyPlugin[]] => [
      name,
      [plugin],
    ]),
    ['api-usage', [apiUsagePlugin(services)]],
    ['member-activity', [memberActivityPlugin(services)]],
  ];
}

/**
 * `options.schema`: tests serve a schema of their own (a throwing or slow field) behind the same plugins.
 * `options.without`: plugin names to leave out (benchmarks only: the gateway is not safe without them).
 */
export function createGateway(
  services: Services,
  options: { schema?: GraphQLSchema; without?: ReadonlySet<string> } = {},
) {
  const plugins = gatewayPlugins(services)
    .filter(([name]) => !options.without?.has(name))
    .flatMap(([, list]) => list);
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema: options.schema ?? schema,
    context: createContextFactory(services),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    ...hardeningOptions(services),
    logging: {
      debug: (...args) => services.logger.debug(args.map(String).join(' ')),
      info: (...args) => services.logger.info(args.map(String).join(' ')),
      warn: (...args) => services.logger.warn(args.map(String).join(' ')),
      // Errors Yoga masked are logged by the masking plugin, with the request id and the stack.
      error: (...args) => !args.some(wasMasked) && services.logger.error(args.map(String).join(' ')),
    },
    plugins,
  });
}
