// Expected errors (AppError and GraphQL's own syntax/validation errors) reach the client as they are.
// Anything else becomes "Unexpected error." with the request id in its extensions, so a user can
// quote the id and an operator can find the one log line that has the real message and stack.
import { GraphQLError, locatedError } from 'graphql';
import { maskError as yogaMaskError, type Plugin } from 'graphql-yoga';
import { isDatabaseUnavailable, isInvalidUuidInput } from '../db/connection-errors.js';
import { BadUserInputError, DatabaseUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { requestIdOf } from './request-id.js';

export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/** masked error → the error it hides; read once the request (and so its id) is known. */
const hidden = new WeakMap<GraphQLError, unknown>();
const hiddenOriginals = new WeakSet<object>();
/** DATABASE_UNAVAILABLE error → the connection error it replaced; logged (as a warning) with the request id. */
const unavailable = new WeakMap<GraphQLError, unknown>();

/**
 * Yoga's masking, never in "dev" mode: a stack trace must not reach a client in any environment.
 * A lost or refused database connection is not a bug: it becomes 503 DATABASE_UNAVAILABLE (retryable).
 */
export function maskError(error: unknown, message: string): Error {
  if (isDatabaseUnavailable(error)) {
    const replaced =
      error instanceof GraphQLError && error.path
        ? locatedError(new DatabaseUnavailableError(), error.nodes, error.path)
        : new DatabaseUnavailableError();
    unavailable.set(replaced, innermost(error));
    if (typeof error === 'object' && error !== null) hiddenOriginals.add(error);
    return replaced;
  }
  if (isInvalidUuidInput(error)) {
    const invalid = new BadUserInputError('An id or cursor in this request is not valid (expected a UUID).');
    return error instanceof GraphQLError && error.path ? locatedError(invalid, error.nodes, error.path) : invalid;
  }
  const masked = yogaMaskError(error, message, false);
  if (masked !== error && masked instanceof GraphQLError) {
    hidden.set(masked, error);
    if (typeof error === 'object' && error !== null) hiddenOriginals.add(error);
  }
  return masked;
}

/** True for an error that maskError hid: Yoga logs those itself, without the request id; we log them here. */
export function wasMasked(value: unknown): boolean {
  return typeof value === 'object' && value !== null && hiddenOriginals.has(value);
}

export function errorMaskingPlugin(logger: Logger): Plugin {
  return {
    onResultProcess({ request, result }) {
      if (Symbol.asyncIterator in result) return; // streamed results: none served today
      const results = Array.isArray(result) ? result : [result];
      for (const single of results) {
        for (const error of single.errors ?? []) {
          if (error instanceof GraphQLError && unavailable.has(error)) {
            const cause = unavailable.get(error) as { message?: string } | undefined;
            (error.extensions as Record<string, unknown>).requestId = requestIdOf(request);
            logger.warn(
              { requestId: requestIdOf(request), path: error.path?.join('.'), err: cause?.message },
              'database unavailable (503)',
            );
            unavailable.delete(error);
            continue;
          }
          if (!(error instanceof GraphQLError) || !hidden.has(error)) continue;
          const requestId = requestIdOf(request);
          (error.extensions as Record<string, unknown>).requestId = requestId;
          logger.error(
            { requestId, path: error.path?.join('.'), err: innermost(hidden.get(error)) },
            'unexpected error (masked)',
          );
          hidden.delete(error);
        }
      }
    },
  };
}

/** The error a resolver actually threw, with its own stack, under GraphQL's located wrappers. */
function innermost(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}
