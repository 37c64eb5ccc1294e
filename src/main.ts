// `npm start`: read the configuration, boot the gateway, listen, and stop cleanly on SIGINT/SIGTERM.
import { ConfigError, loadConfig } from './config.js';
import { startGateway } from './app.js';
import { createLogger } from './logger.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger(config);

try {
  const gateway = await startGateway(config, logger);
  logger.info(`gateway listening on ${gateway.url}/graphql`);

  let firstSignalAt = 0;
  const shutdown = (signal: string) => {
    // Ctrl-C reaches us twice (from the terminal and relayed by npm): only a later, deliberate
    // second signal skips the graceful stop.
    if (firstSignalAt) {
      if (Date.now() - firstSignalAt < 2000) return;
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info(`${signal} received: shutting down`);
    gateway.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A bug must not leave an embedded Postgres orphaned: stop what we can, then exit non-zero.
  const crash = (err: unknown) => {
    logger.fatal({ err }, 'unexpected error: stopping');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    gateway.stop().finally(() => {
      clearTimeout(force);
      process.exit(1);
    });
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
} catch (err) {
  logger.fatal({ err }, 'gateway failed to start');
  process.exit(1);
}
