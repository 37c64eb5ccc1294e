// Relay cursors of the uuid-keyed connections. Pothos decodes a cursor into the Prisma query's
// `cursor: { id }` without knowing the column is a uuid: a well-formed cursor carrying anything else
// (another type tag, a non-uuid string) would reach Prisma and fail there as an unexpected error.
import { BadUserInputError } from '../errors.js';
import { isUuid } from '../vocabulary.js';

/** The connection's Prisma query, once its decoded cursor (if any) is a uuid; BAD_USER_INPUT otherwise. */
export function withIdCursor<Q extends { cursor?: unknown }>(query: Q): Q {
  const cursor = query.cursor as { id?: unknown } | undefined;
  if (cursor !== undefined && !(typeof cursor?.id === 'string' && isUuid(cursor.id))) {
    throw new BadUserInputError(
      'An id or cursor in this request is not valid: pass a cursor of this list from a previous page (endCursor / startCursor).',
      { field: 'after' },
    );
  }
  return query;
}
