// Configures the GraphQL server; does not listen (tests call yoga.fetch, main.ts serves it).
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { createContextFactory, type GraphQLContext } from './context.js';
import { wasMasked } from './edge/error-masking.js';
import { hardeningOptions, hardeningPlugins } from './edge/hardening.js';
import { healthPlugin } from './health.js';
import { metricsEndpointPlugin } from './observability/metrics-endpoint.js';
import { requestLogPlugin } from './observability/request-log.js';
import { apiUsagePlugin } from './plugins/api-usage.js';
import { memberActivityPlugin } from './plugins/member-activity.js';
import { tenantDoorPlugin } from './plugins/tenant-door.js';
import { schema } from './schema/index.js';
import type { Services } from './services.js';

/** `options.schema`: tests serve a schema of their own (a throwing or slow field) behind the same plugins. */
export function createGateway(services: Services, options: { schema?: GraphQLSchema } = {}) {
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
    // Order matters: probes and /metrics answer on any Host, and the request log sees door refusals.
    plugins: [
      healthPlugin(services),
      metricsEndpointPlugin(services.metrics, services.config.metrics.token, services.config.isProduction && !services.config.metrics.token),
      requestLogPlugin({ logger: services.logger, metrics: services.metrics, graphqlPath: '/graphql' }),
      tenantDoorPlugin(services),
      ...hardeningPlugins(services.config, services.logger),
      apiUsagePlugin(services),
      memberActivityPlugin(services),
    ],
  });
}
