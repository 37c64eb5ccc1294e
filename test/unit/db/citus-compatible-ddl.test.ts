// Tenant DDL must run unchanged on Citus distributed schemas (schema-based sharding) as well as on
// one PostgreSQL server. Every file in tenant-sql/ is read statement by statement and held to the
// rules that keep it so; the Citus suite (npm run test:citus) then applies the files for real.
import { describe, expect, it } from 'vitest';
import { migrationFiles, splitStatements, TENANT_SQL_DIR } from '../../../src/db/migration-files.js';
import { citusDdlProblems } from '../../../src/db/citus-ddl.js';

describe('tenant DDL stays Citus-compatible', () => {
  const files = migrationFiles(TENANT_SQL_DIR);

  it.each(files.map((f) => [f.name, f.sql] as const))('%s breaks none of the rules', (_name, sql) => {
    expect(citusDdlProblems(sql)).toEqual([]);
    expect(splitStatements(sql).length).toBeGreaterThan(0);
  });

  it.each([
    [
      'a foreign key into the control plane',
      'CREATE TABLE x (t uuid REFERENCES public.tenants (id));',
      'cross-schema foreign key',
    ],
    [
      'a foreign key into another schema',
      'ALTER TABLE x ADD FOREIGN KEY (a) REFERENCES "other".y (id);',
      'cross-schema foreign key',
    ],
    ['a schema created with its tables in one statement', 'CREATE SCHEMA s CREATE TABLE t (id int);', 'CREATE SCHEMA'],
    ['a 32-bit serial', 'CREATE TABLE x (id serial PRIMARY KEY);', 'bigint'],
    ['a 32-bit identity', 'CREATE TABLE x (id integer GENERATED ALWAYS AS IDENTITY);', 'bigint'],
    ['an integer sequence', 'CREATE SEQUENCE s AS integer;', 'bigint'],
    ['a trigger', 'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();', 'trigger'],
    ['an extension', 'CREATE EXTENSION hstore;', 'extension'],
    ['a schema-qualified table', 'CREATE TABLE other.x (id bigint);', 'schema-qualified'],
  ])('flags %s', (_what, sql, problem) => {
    expect(citusDdlProblems(sql).join('\n')).toContain(problem);
  });

  it('accepts same-schema foreign keys, bigint identities and the citext type from public', () => {
    expect(
      citusDdlProblems(
        'CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email public.citext);\nCREATE TABLE b (a_id bigint REFERENCES a (id), n bigserial);',
      ),
    ).toEqual([]);
  });
});
