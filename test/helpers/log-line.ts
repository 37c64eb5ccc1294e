// Run as a process (on a pseudo-terminal or a pipe): logs one line through the gateway's logger,
// configured from the environment exactly as `npm start` is, so tests see what a person would.
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

createLogger(loadConfig()).info({ tenant: 'acme', operation: 'CurrentTenant' }, 'graphql request');
