// `npm start`: read the configuration, boot the gateway, listen, and stop cleanly on SIGINT/SIGTERM.
import { ConfigError, loadConfig } from './config.js';
import { startGateway, type RunningGateway } from './app.js';
import { createLogger } from './logger.js';
import { startTracingFromConfig } from './observability/tracing.js';

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
// Before anything creates database clients: only then are their statements traced.
const tracing = startTracingFromConfig(config);
if (tracing) logger.info({ endpoint: config.tracing.endpoint }, 'OpenTelemetry traces exported over OTLP');

// Signal handlers are in place before anything starts: a signal during start-up (embedded Postgres
// booting, migrations running) waits for start-up to finish and then stops cleanly.
let starting: Promise<RunningGateway> | undefined;
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
  if (!starting) process.exit(0);
  starting
    .then((gateway) => gateway.stop())
    .then(() => tracing?.shutdown())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

try {
  starting = startGateway(config, logger);
  const gateway = await starting;
  logger.info(`gateway listening on ${gateway.url}/graphql`);
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
