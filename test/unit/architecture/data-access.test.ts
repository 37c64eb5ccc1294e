// The data-access conventions of docs/ARCHITECTURE.md ("Data access"), enforced on the source text:
// control-plane tables are always named public.<table> in raw SQL, and that SQL lives in the stores
// (control-plane/stores/); GraphQL fields and Yoga plugins hold no SQL; transactions are opened by
// db/transaction.ts only; unique violations are recognised by db/unique-violation.ts only; ids are
// checked by vocabulary.ts's isUuid only.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from './source-files.js';

const sources = sourceFiles(SRC).map((file) => ({ rel: path.relative(SRC, file), text: readFileSync(file, 'utf8') }));

/** Tables the control-plane migrations create (prisma/sql/*.sql). */
function controlPlaneTables(): string[] {
  const dir = path.resolve('prisma/sql');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .flatMap((f) =>
      [
        ...readFileSync(path.join(dir, f), 'utf8').matchAll(
          /CREATE TABLE (?:IF NOT EXISTS )?(?:public\.)?"?([a-z_]+)"?/gi,
        ),
      ].map((m) => m[1]!),
    );
  return [...new Set(names)];
}

function hits(pattern: RegExp, except: string[] = []): string[] {
  return sources
    .filter((s) => !except.includes(s.rel))
    .flatMap((s) => [...s.text.matchAll(pattern)].map((m) => `${s.rel}: ${m[0].replace(/\s+/g, ' ')}`));
}

describe('data access', () => {
  it('names every control-plane table public.<table> in raw SQL', () => {
    const tables = controlPlaneTables();
    expect(tables).toEqual(
      expect.arrayContaining([
        'tenants',
        'tenant_users',
        'tenant_domains',
        'tenant_settings',
        'accounts',
        'tenant_backups',
      ]),
    );
    const unqualified = new RegExp(
      `\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+(?!public\\.)"?(?:${tables.join('|')})\\b(?!["(.])`,
      'g',
    );
    expect(hits(unqualified)).toEqual([]);
  });

  it('keeps control-plane table SQL in control-plane/stores/ (db/ sits below the stores: its start-up grants query is its own)', () => {
    const tables = controlPlaneTables();
    const named = new RegExp(`\\bpublic\\.(?:${tables.join('|')})\\b`);
    const outside = sources.filter((s) => !s.rel.startsWith('control-plane/stores/') && s.rel !== 'db/runtime-role.ts');
    const found = outside.flatMap((s) =>
      s.text
        .split('\n')
        .filter((line) => named.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line))
        .map((line) => `${s.rel}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('holds no SQL in GraphQL fields (schema/) or the HTTP edge and its Yoga plugins (edge/, yoga.ts)', () => {
    const sql = /\.query(?:<[^>]*>)?\(|\$(?:query|execute)Raw/g;
    const edge = sources.filter((s) => s.rel.startsWith('schema/') || s.rel.startsWith('edge/') || s.rel === 'yoga.ts');
    expect(edge.flatMap((s) => [...s.text.matchAll(sql)].map((m) => `${s.rel}: ${m[0]}`))).toEqual([]);
  });

  it('opens transactions in db/transaction.ts only', () => {
    expect(hits(/query\(\s*['"`](?:BEGIN|COMMIT|ROLLBACK)\b(?! TO SAVEPOINT)/g, ['db/transaction.ts'])).toEqual([]);
  });

  it('recognises unique violations in db/unique-violation.ts only, and checks ids with isUuid only', () => {
    expect(hits(/['"](?:23505|P2002)['"]/g, ['db/unique-violation.ts'])).toEqual([]);
    expect(hits(/\[0-9a-f\]\{8\}-/g, ['vocabulary.ts'])).toEqual([]);
  });
});
