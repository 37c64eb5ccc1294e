import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'tenant-gateway' },
    // Tokens and cookies never reach the logs, even when a request is logged whole.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.password', '*.token'],
  });
}
