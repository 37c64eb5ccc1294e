// A small reader for prisma/schema.prisma: enough to compare each model's fields with real columns.
import { readFileSync } from 'node:fs';

export interface PrismaField {
  name: string;
  column: string;
  type: string;
  nativeType?: string;
  optional: boolean;
  hasDefault: boolean;
}

export interface PrismaModel {
  name: string;
  table: string;
  fields: PrismaField[];
}

export function readPrismaModels(file = 'prisma/schema.prisma'): PrismaModel[] {
  const text = readFileSync(file, 'utf8');
  const models: PrismaModel[] = [];
  for (const match of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, name, body] = match as unknown as [string, string, string];
    const modelNames = [...text.matchAll(/^model (\w+)/gm)].map((m) => m[1]);
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    const fields: PrismaField[] = [];
    for (const raw of body.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      const m = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!m || line.startsWith('@@')) continue;
      const [, fieldName, type, list, optional, attrs] = m as unknown as [
        string,
        string,
        string,
        string | undefined,
        string | undefined,
        string,
      ];
      if (list || modelNames.includes(type)) continue; // relation fields have no column
      fields.push({
        name: fieldName,
        column: /@map\("([^"]+)"\)/.exec(attrs)?.[1] ?? fieldName,
        type,
        nativeType: /@db\.(\w+)/.exec(attrs)?.[1],
        optional: Boolean(optional),
        hasDefault: attrs.includes('@default('),
      });
    }
    models.push({ name, table, fields });
  }
  return models;
}

/** The Postgres type (information_schema udt_name) a Prisma field must map to. */
export function expectedUdt(field: PrismaField): string {
  const native: Record<string, string> = { Uuid: 'uuid', Citext: 'citext', Timestamptz: 'timestamptz', Text: 'text' };
  if (field.nativeType) {
    const udt = native[field.nativeType];
    if (!udt) throw new Error(`prisma-schema.ts: add a mapping for @db.${field.nativeType}`);
    return udt;
  }
  const scalar: Record<string, string> = {
    String: 'text',
    Boolean: 'bool',
    Int: 'int4',
    BigInt: 'int8',
    Float: 'float8',
    Json: 'jsonb',
    DateTime: 'timestamp',
  };
  const udt = scalar[field.type];
  if (!udt) throw new Error(`prisma-schema.ts: add a mapping for ${field.type}`);
  return udt;
}
