// How commands answer: aligned plain-text tables for people (no colours, no box drawing, so the
// output greps and pipes well), JSON for scripts. Answers go to stdout, diagnostics to stderr.
import Table from 'cli-table3';
import type { Tenant } from '../generated/prisma/client.js';

const PLAIN = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

export function table(head: string[], rows: (string | number | null | undefined)[][]): string {
  const t = new Table({ head, chars: PLAIN, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
  for (const row of rows) t.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return `${t
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A tenant as scripts see it: the columns an operator acts on, dates as ISO strings. */
export function tenantJson(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    status: t.status,
    plan: t.plan,
    schemaName: t.schemaName,
    domain: t.domain,
    metadata: t.metadata,
    insertedAt: t.insertedAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export const TENANT_HEAD = ['SLUG', 'STATUS', 'PLAN', 'SCHEMA', 'DOMAIN', 'ID', 'CREATED'];

export function tenantRow(t: Tenant): string[] {
  return [
    t.slug,
    t.status,
    t.plan,
    t.schemaName,
    t.domain ?? '',
    t.id,
    t.insertedAt.toISOString().slice(0, 19).replace('T', ' '),
  ];
}
