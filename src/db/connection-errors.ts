// Which errors mean "the database cannot be used right now" (server down or restarting, connection
// cut or terminated, no connection to be had in time) as opposed to a bug or a bad query. The
// gateway answers these with 503 DATABASE_UNAVAILABLE and Retry-After, never a masked 500: the
// client did nothing wrong and may retry, and the pool replaces dead connections on its own.

/** Socket failures (node:net), as node-postgres passes them on. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATEs besides class 08 (connection exception): the server shutting down, crashed, starting up, full. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Prisma's codes for an unreachable server, a connection timeout and a closed connection. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);

/** @prisma/adapter-pg's classification of a driver error (meta.driverAdapterError.cause.kind). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** node-postgres' own messages for a connection that died or never came; they carry no code. */
const PG_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect$/, /is not queryable$/];

function matches(node: Record<string, unknown>): boolean {
  const code = typeof node.code === 'string' ? node.code : '';
  if (SOCKET_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
    return true;
  if (
    typeof node.kind === 'string' &&
    (ADAPTER_KINDS.has(node.kind) || (node.kind === 'postgres' && SQLSTATES.has(code)))
  )
    return true;
  return node instanceof Error && PG_MESSAGES.some((re) => re.test(node.message));
}

/** True when `error` or anything it wraps (GraphQL's originalError, `cause`, Prisma's driver adapter error) satisfies `test`. */
export function someCause(error: unknown, test: (node: Record<string, unknown>) => boolean): boolean {
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length && seen.size < 20) {
    const node = queue.shift();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (test(record)) return true;
    const meta = record.meta as { driverAdapterError?: unknown } | undefined;
    queue.push(record.originalError, record.cause, meta?.driverAdapterError);
  }
  return false;
}

/** True when the error, or anything it wraps, says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someCause(error, matches);
}

/**
 * True for Postgres refusing a value as a UUID (22P02). Ids given as arguments are checked before any
 * query, but a Relay cursor decodes to whatever the client encoded and reaches SQL as a uuid: a
 * well-formed cursor around a non-UUID is the client's mistake, not a bug.
 */
export function isInvalidUuidInput(error: unknown): boolean {
  // A pg error carries `code`; Prisma's driver adapter error keeps it as `originalCode`.
  return someCause(
    error,
    (node) =>
      (node.code ?? node.originalCode) === '22P02' &&
      /invalid input syntax for type uuid/.test(String(node.message ?? node.originalMessage)),
  );
}
