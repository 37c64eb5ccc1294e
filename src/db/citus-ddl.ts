// The rules that keep tenant DDL valid on Citus distributed schemas as well as on one server:
// tables of a tenant refer only to each other (no foreign key leaves the schema), sequences and
// identities are bigint (Citus hands out worker-unique ranges of bigint sequences), schemas are
// created by the gateway alone and never together with tables, and no triggers or extensions.
// Checked by test/unit/db/citus-compatible-ddl.test.ts for every file in tenant-sql/.
import { splitStatements } from './migration-files.js';

const RULES: { pattern: RegExp; problem: string }[] = [
  {
    pattern: /\bREFERENCES\s+("?[a-z_][a-z0-9_$]*"?)\s*\.\s*"?[a-z_]/i,
    problem: 'cross-schema foreign key: a tenant table may reference only tables of its own schema',
  },
  {
    pattern: /\bCREATE\s+SCHEMA\b/i,
    problem: 'CREATE SCHEMA: the gateway creates the schema itself, as its own statement',
  },
  {
    pattern: /\b(small)?serial\b|\bserial[24]\b/i,
    problem: 'serial: use bigint identities (bigint sequences) on Citus',
  },
  {
    pattern: /\b(integer|int|int4|smallint|int2)\s+GENERATED\b/i,
    problem: 'integer identity: use bigint GENERATED … AS IDENTITY',
  },
  { pattern: /\bCREATE\s+SEQUENCE\b(?![^;]*\bAS\s+bigint\b)/i, problem: 'sequence not declared AS bigint' },
  {
    pattern: /\bCREATE\s+(CONSTRAINT\s+)?TRIGGER\b/i,
    problem: 'trigger: Citus does not run triggers on distributed tables by default',
  },
  {
    pattern: /\bCREATE\s+EXTENSION\b/i,
    problem: 'extension: extensions are installed once per database (control plane), not per tenant',
  },
  {
    pattern:
      /\b(CREATE\s+(UNIQUE\s+)?(TABLE|INDEX(\s+CONCURRENTLY)?(\s+IF\s+NOT\s+EXISTS)?\s+\S+\s+ON|VIEW|SEQUENCE)|ALTER\s+TABLE(\s+IF\s+EXISTS)?)\s+(ONLY\s+)?"?[a-z_][a-z0-9_$]*"?\s*\.\s*"?[a-z_]/i,
    problem: 'schema-qualified object: tenant DDL uses unqualified names (the migrator sets search_path)',
  },
];

/** What in `sql` would break on Citus (one line per problem, with the statement's start). */
export function citusDdlProblems(sql: string): string[] {
  const problems: string[] = [];
  for (const statement of splitStatements(sql)) {
    for (const rule of RULES) {
      if (rule.pattern.test(statement))
        problems.push(`${rule.problem}: ${statement.replace(/\s+/g, ' ').slice(0, 80)}`);
    }
  }
  return problems;
}
