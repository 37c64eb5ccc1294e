// splitSql cuts SQL at top-level semicolons only (the migrator sends Citus one statement at a time).
import { describe, expect, it } from 'vitest';
import { splitSql } from '../../../src/db/sql-split.js';

describe('splitSql', () => {
  it('splits statements and drops comments-only pieces', () => {
    expect(splitSql('CREATE TABLE a (id bigint);\n-- note; here\nCREATE INDEX a_i ON a (id);\n-- trailing\n')).toEqual([
      'CREATE TABLE a (id bigint)',
      '-- note; here\nCREATE INDEX a_i ON a (id)',
    ]);
  });

  it('keeps semicolons inside strings, quoted identifiers, dollar quotes and block comments', () => {
    const fn = 'CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql';
    expect(
      splitSql(`SELECT 'a;b', "x;y" FROM t; ${fn}; /* c; /* nested; */ d; */ SELECT $$;$$; SELECT E'it\\'s;'`),
    ).toEqual([`SELECT 'a;b', "x;y" FROM t`, fn, '/* c; /* nested; */ d; */ SELECT $$;$$', "SELECT E'it\\'s;'"]);
  });

  it('keeps doubled quotes inside a string', () => {
    expect(splitSql("SELECT 'it''s; fine'; SELECT 2")).toEqual(["SELECT 'it''s; fine'", 'SELECT 2']);
  });
});
