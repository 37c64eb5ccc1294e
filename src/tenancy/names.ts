// Tenant names: slugs, schema names, reserved names, and derived names built to fit 63 bytes.
// Quoting and the managed-schema check are the database layer's (db/identifiers.ts), re-exported here.
import { createHash } from 'node:crypto';
import { BadUserInputError } from '../errors.js';
import { MAX_IDENTIFIER_BYTES, SCHEMA_NAME, assertManagedSchemaName, quoteIdent } from '../db/identifiers.js';

export { MAX_IDENTIFIER_BYTES, assertManagedSchemaName, quoteIdent };

const SLUG = /^[a-z][a-z0-9-]{0,62}$/;

/** Slugs that would shadow the platform host or common infrastructure names. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'www',
  'api',
  'admin',
  'app',
  'mail',
  'static',
  'localhost',
]);

/** Schemas a tenant can never be given: system schemas and the prefixes of derived (archive/backup) names. */
export const RESERVED_SCHEMAS: ReadonlySet<string> = new Set(['public', 'information_schema']);
export const RESERVED_SCHEMA_PREFIXES = ['pg_', 'archive_', 'backup_', 'restore_', 'spare_'] as const;

export function slugError(slug: unknown): string | null {
  if (typeof slug !== 'string' || slug.length === 0) return 'slug is required';
  if (!SLUG.test(slug)) {
    return 'slug must start with a letter and contain only lower-case letters, digits and hyphens (at most 63 characters)';
  }
  if (slug.endsWith('-')) return 'slug must not end with a hyphen (it has to be a valid host name label)';
  if (slug.includes('--')) return 'slug must not contain two hyphens in a row';
  if (RESERVED_SLUGS.has(slug)) return `slug "${slug}" is reserved`;
  return null;
}

export function schemaNameError(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'schema name is required';
  if (!SCHEMA_NAME.test(name)) {
    return 'schema name must start with a letter and contain only lower-case letters, digits and underscores (at most 63 characters)';
  }
  if (RESERVED_SCHEMAS.has(name)) return `schema name "${name}" is reserved`;
  const prefix = RESERVED_SCHEMA_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `schema names starting with "${prefix}" are reserved`;
  return null;
}

export function assertSlug(slug: unknown, field = 'slug'): asserts slug is string {
  const error = slugError(slug);
  if (error) throw new BadUserInputError(error, { field });
}

export function assertSchemaName(name: unknown, field = 'schemaName'): asserts name is string {
  const error = schemaNameError(name);
  if (error) throw new BadUserInputError(error, { field });
}

function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * `prefix + base + suffix`; when that would not fit 63 bytes, `base` is shortened and a hash of the
 * whole of it appended, so two long names that share a beginning still get different results.
 */
export function fitIdentifier(prefix: string, base: string, suffix = ''): string {
  // Byte length equals character length only for ASCII; every validated name is ASCII.
  if (!/^[\x21-\x7e]*$/.test(prefix + base + suffix)) throw new Error('fitIdentifier: parts must be printable ASCII');
  const whole = `${prefix}${base}${suffix}`;
  if (whole.length <= MAX_IDENTIFIER_BYTES) return whole;
  const hash = `_${shortHash(base)}`;
  const room = MAX_IDENTIFIER_BYTES - prefix.length - suffix.length - hash.length;
  if (room < 1) throw new Error(`fitIdentifier: "${prefix}…${suffix}" leaves no room for a name`);
  return `${prefix}${base.slice(0, room).replace(/_+$/, '')}${hash}${suffix}`;
}

/** `tenant_<slug, - → _>`, shortened with a hash when the slug is long. */
export function defaultSchemaName(slug: string): string {
  assertSlug(slug);
  return fitIdentifier('tenant_', slug.replaceAll('-', '_'));
}

function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17); // yyyymmddhhmmssSSS
}

/** `archive_<schema>_<yyyymmddhhmmssSSS>`, fitted to 63 bytes. */
export function archiveSchemaName(schema: string, at = new Date()): string {
  assertManagedSchemaName(schema);
  return fitIdentifier('archive_', schema, `_${stamp(at)}`);
}

/** `backup_<schema>_<yyyymmddhhmmssSSS>`, fitted to 63 bytes. */
export function backupSchemaName(schema: string, at = new Date()): string {
  assertManagedSchemaName(schema);
  return fitIdentifier('backup_', schema, `_${stamp(at)}`);
}
