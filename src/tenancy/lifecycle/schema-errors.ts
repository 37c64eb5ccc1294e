// Postgres' "already exists" / "does not exist" errors about a schema, as the API's error codes.
import { uniqueViolation } from '../../db/unique-violation.js';
import { ConflictError, NotFoundError } from '../../errors.js';

// duplicate_schema, duplicate_table; and a unique violation (two concurrent CREATE SCHEMAs collide in pg_namespace)
const DUPLICATE = new Set(['42P06', '42P07']);
export const UNDEFINED_SCHEMA = '3F000';

export const pgCode = (err: unknown): string | undefined => (err as { code?: string } | null)?.code;

/** CONFLICT for "exists", NOT_FOUND for "missing"; anything else is returned unchanged. */
export function toSchemaError(err: unknown, schema: string): unknown {
  const code = pgCode(err);
  if ((code && DUPLICATE.has(code)) || uniqueViolation(err))
    return new ConflictError(`Schema "${schema}" already exists.`, { field: 'schemaName' });
  if (code === UNDEFINED_SCHEMA) return new NotFoundError(`Schema "${schema}"`);
  return err;
}
