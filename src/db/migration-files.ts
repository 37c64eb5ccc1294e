import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
  /** False when the file starts with NO_TRANSACTION_MARKER (needed for CREATE INDEX CONCURRENTLY). */
  transactional: boolean;
}

/** First line of a file that must run outside a transaction; its statements then run one by one. */
export const NO_TRANSACTION_MARKER = '-- migrate:no-transaction';

const FILE_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTROL_SQL_DIR = path.join(root, 'prisma/sql');
export const TENANT_SQL_DIR = path.join(root, 'tenant-sql');

export function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export function loadMigrationFiles(dir: string): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const bad = names.filter((n) => !FILE_NAME.test(n));
  if (bad.length) throw new Error(`Migration files must be named NNNN_lower_snake.sql: ${bad.join(', ')} in ${dir}`);
  return names.map((name) => {
    const sql = readFileSync(path.join(dir, name), 'utf8');
    return { name, sql, checksum: checksum(sql), transactional: !sql.trimStart().startsWith(NO_TRANSACTION_MARKER) };
  });
}

const cache = new Map<string, MigrationFile[]>();

/** Files are read once per process: a deploy ships them, they don't change under a running server. */
export function migrationFiles(dir: string): MigrationFile[] {
  let files = cache.get(dir);
  if (!files) cache.set(dir, (files = loadMigrationFiles(dir)));
  return files;
}

/** Splits a no-transaction file into statements: each ends with `;` at the end of a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
