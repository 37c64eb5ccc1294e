import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/errors.js';
import {
  archiveSchemaName,
  assertManagedSchemaName,
  assertSchemaName,
  assertSlug,
  backupSchemaName,
  defaultSchemaName,
  fitIdentifier,
  MAX_IDENTIFIER_BYTES,
  quoteIdent,
  schemaNameError,
  slugError,
} from '../../../src/tenancy/names.js';

const at = new Date('2026-03-04T05:06:07.089Z');
const longSchema = 's'.repeat(63);

describe('slugs', () => {
  it('accepts DNS labels that start with a letter', () => {
    for (const slug of ['acme', 'a', 'acme-corp', 'a1-b2', 'x'.repeat(63)]) expect(slugError(slug)).toBeNull();
  });

  it('refuses anything that is not a reachable subdomain label, naming the field', () => {
    for (const slug of [
      '',
      'Acme',
      '1acme',
      '-acme',
      'acme-',
      'ac--me',
      'ac_me',
      'ac.me',
      'a'.repeat(64),
      'acme ',
      'ümlaut',
    ]) {
      expect(slugError(slug), slug).not.toBeNull();
    }
    expect(slugError(undefined)).toBe('slug is required');
    expect(() => assertSlug('Bad Slug')).toThrow(BadUserInputError);
    try {
      assertSlug('Bad Slug', 'input.slug');
    } catch (err) {
      expect((err as BadUserInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
    }
  });

  it('reserves the names of platform hosts', () => {
    expect(slugError('www')).toMatch(/reserved/);
    expect(slugError('admin')).toMatch(/reserved/);
  });
});

describe('schema names', () => {
  it('accepts lower-case identifiers up to 63 characters', () => {
    for (const name of ['tenant_acme', 'a', 'acme2', longSchema]) expect(schemaNameError(name)).toBeNull();
  });

  it('refuses system, reserved and derived names and anything that would need quoting', () => {
    const bad = [
      '',
      'public',
      'information_schema',
      'pg_catalog',
      'pg_temp_1',
      'archive_x',
      'backup_x',
      'Tenant',
      '1t',
      't-x',
      't x',
      't"x',
      't;drop schema public',
      's'.repeat(64),
    ];
    for (const name of bad) expect(schemaNameError(name), name).not.toBeNull();
    expect(() => assertSchemaName('public')).toThrow(/reserved/);
  });

  it('lets the gateway address public and derived schemas, but never system ones', () => {
    for (const name of ['public', 'archive_x', 'backup_x', 'tenant_a'])
      expect(() => assertManagedSchemaName(name)).not.toThrow();
    for (const name of ['pg_catalog', 'information_schema', 'Public', 'x-y', '', 42]) {
      expect(() => assertManagedSchemaName(name)).toThrow(BadUserInputError);
    }
  });
});

describe('quoteIdent', () => {
  it('double-quotes and escapes embedded quotes', () => {
    expect(quoteIdent('tenant_acme')).toBe('"tenant_acme"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });

  it('refuses what Postgres would truncate or cannot hold', () => {
    expect(() => quoteIdent('')).toThrow(BadUserInputError);
    expect(() => quoteIdent('a\0b')).toThrow(BadUserInputError);
    expect(() => quoteIdent('a'.repeat(64))).toThrow(BadUserInputError);
    expect(() => quoteIdent('é'.repeat(32))).toThrow(BadUserInputError); // 64 bytes in 32 characters
    expect(quoteIdent('a'.repeat(63))).toBe(`"${'a'.repeat(63)}"`);
  });
});

describe('derived names', () => {
  it('builds the default schema name from the slug', () => {
    expect(defaultSchemaName('acme')).toBe('tenant_acme');
    expect(defaultSchemaName('acme-corp')).toBe('tenant_acme_corp');
    expect(() => defaultSchemaName('Bad')).toThrow(BadUserInputError);
  });

  it('fits a long slug into 63 bytes and keeps two long slugs apart', () => {
    const a = defaultSchemaName(`${'x'.repeat(60)}-a`);
    const b = defaultSchemaName(`${'x'.repeat(60)}-b`);
    expect(a).toHaveLength(MAX_IDENTIFIER_BYTES);
    expect(b).toHaveLength(MAX_IDENTIFIER_BYTES);
    expect(a).not.toBe(b);
    expect(schemaNameError(a)).toBeNull();
  });

  it('stamps archive and backup names with the time, to the millisecond', () => {
    expect(archiveSchemaName('tenant_acme', at)).toBe('archive_tenant_acme_20260304050607089');
    expect(backupSchemaName('tenant_acme', at)).toBe('backup_tenant_acme_20260304050607089');
  });

  it('fits archive and backup names of a 63-character schema, unique per schema and per instant', () => {
    const other = `${'s'.repeat(62)}t`;
    const names = [
      archiveSchemaName(longSchema, at),
      archiveSchemaName(other, at),
      backupSchemaName(longSchema, at),
      backupSchemaName(longSchema, new Date(at.getTime() + 1)),
    ];
    for (const name of names) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
      expect(name).toMatch(/^(archive|backup)_[a-z0-9_]+_\d{17}$/);
      expect(() => assertManagedSchemaName(name)).not.toThrow();
    }
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]!.startsWith('archive_sss')).toBe(true);
  });

  it('refuses to derive a name from an invalid schema name', () => {
    expect(() => archiveSchemaName('pg_catalog', at)).toThrow(BadUserInputError);
    expect(() => backupSchemaName('x"; drop', at)).toThrow(BadUserInputError);
  });

  it('never returns an identifier Postgres would truncate, whatever the parts', () => {
    for (let len = 1; len <= 80; len++) {
      const name = fitIdentifier('archive_', 'n'.repeat(len), '_20260304050607089');
      expect(name.length).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
    }
    expect(() => fitIdentifier('p'.repeat(40), 'base', 's'.repeat(20))).toThrow(/no room/);
    expect(() => fitIdentifier('x_', 'é')).toThrow(/ASCII/);
  });
});
