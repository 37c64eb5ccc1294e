// Identifiers that reach SQL from the database layer: validated, then quoted. Postgres silently
// truncates identifiers longer than 63 bytes, so nothing longer is ever quoted. The tenant naming
// rules (slugs, reserved names, derived archive/backup names) build on this in tenancy/names.ts.
import { BadUserInputError } from '../errors.js';

export const MAX_IDENTIFIER_BYTES = 63;

/** A lower-case schema name: a letter, then letters, digits and underscores, at most 63 characters. */
export const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Any name the gateway itself may address: a tenant schema, a derived one, or public. */
export function assertManagedSchemaName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name) || name.startsWith('pg_') || name === 'information_schema') {
    throw new BadUserInputError(`"${String(name)}" is not a valid schema name`, { field: 'schemaName' });
  }
}

/** Double-quotes an identifier. Callers validate first; quoting is the second line of defence. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\0') || Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) {
    throw new BadUserInputError(`"${name}" cannot be used as an identifier`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}
