import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger };
export type LogFormat = 'json' | 'pretty';

/** Where log lines go: process.stdout, or (tests) any writable stream. */
export type LogDestination = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * LOG_FORMAT when set; otherwise pretty lines for a person at a terminal in development, and JSON
 * lines for everything else (pipes, files, log shippers, test and production).
 */
export function chooseLogFormat(config: Partial<Pick<Config, 'env' | 'logFormat'>>, isTTY: boolean): LogFormat {
  if (config.logFormat) return config.logFormat;
  return config.env === 'development' && isTTY ? 'pretty' : 'json';
}

export function createLogger(
  config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'env' | 'logFormat'>>,
  destination: LogDestination = process.stdout,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'tenant-gateway' },
    // Tokens and cookies never reach the logs, even when a request is logged whole.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.password', '*.token'],
    // Database errors carry the values of the row or parameter that failed (`detail: Failing row
    // contains (…)`, `invalid input syntax for type integer: "…"`): operators get the code,
    // constraint and message, never the values.
    serializers: { err: (err: unknown) => withoutSqlValues(pino.stdSerializers.err(err as Error)) },
  };
  if (chooseLogFormat(config, Boolean(destination.isTTY)) === 'json') {
    return destination === process.stdout ? pino(options) : pino(options, destination);
  }
  // The same records, as one coloured line each (plus indented fields) for a terminal; the redaction
  // and serializers above apply before formatting. Synchronous, so nothing is lost on process.exit.
  return pino(
    options,
    pretty({
      destination,
      sync: true,
      colorize: Boolean(destination.isTTY),
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service',
    }),
  );
}

/** Fields of PostgreSQL / driver-adapter errors that can hold row or parameter values. */
const VALUE_FIELDS = new Set([
  'detail',
  'where',
  'internalQuery',
  'parameters',
  'params',
  'args',
  'values',
  'bindings',
]);
/** `invalid input syntax for type integer: "abc"`: PostgreSQL quotes the offending value in the message. */
const QUOTED_INPUT = /(invalid input (?:syntax|value) for [^:]+: )".*"/g;

function withoutSqlValues<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== 'object') {
    return (typeof value === 'string' ? value.replace(QUOTED_INPUT, '$1"[redacted]"') : value) as T;
  }
  if (Array.isArray(value)) return value.map((item) => withoutSqlValues(item, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (VALUE_FIELDS.has(key)) continue;
    out[key] = withoutSqlValues(field, depth + 1);
  }
  return out as T;
}
