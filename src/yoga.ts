// Configures the GraphQL server; does not listen (tests call yoga.fetch, main.ts serves it).
import { createYoga } from 'graphql-yoga';
import { createContextFactory, type GraphQLContext } from './context.js';
import { healthPlugin } from './health.js';
import { tenantDoorPlugin } from './plugins/tenant-door.js';
import { schema } from './schema/index.js';
import type { Services } from './services.js';

export function createGateway(services: Services) {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    context: createContextFactory(services),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: {
      debug: (...args) => services.logger.debug(args.map(String).join(' ')),
      info: (...args) => services.logger.info(args.map(String).join(' ')),
      warn: (...args) => services.logger.warn(args.map(String).join(' ')),
      error: (...args) => services.logger.error(args.map(String).join(' ')),
    },
    plugins: [healthPlugin(services), tenantDoorPlugin(services)],
  });
}
