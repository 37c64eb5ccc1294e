// Every Prisma model and field against the real columns: control models in public, tenant models
// in a freshly migrated tenant schema. DDL is raw SQL, so this is what keeps the two in step.
import { describe, expect, it } from 'vitest';
import { LEDGER_TABLE } from '../../src/db/migrator.js';
import { CONTROL_MODELS, TENANT_MODELS } from '../../src/tenancy/model-kinds.js';
import { useTestDatabase } from '../helpers/database.js';
import { expectedUdt, readPrismaModels } from '../helpers/prisma-schema.js';
import { createThrowawaySchema } from '../helpers/tenant-schema.js';

const db = useTestDatabase();
const models = readPrismaModels();

interface Column {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

async function columnsOf(schema: string): Promise<Column[]> {
  const { rows } = await db.current.pool.query<Column>(
    `SELECT table_name, column_name, udt_name, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = $1 AND table_name <> $2`,
    [schema, LEDGER_TABLE],
  );
  return rows;
}

function drift(modelNames: readonly string[], columns: Column[]): string[] {
  const problems: string[] = [];
  const tables = new Set<string>();
  for (const model of models.filter((m) => modelNames.includes(m.name))) {
    tables.add(model.table);
    const cols = columns.filter((c) => c.table_name === model.table);
    if (cols.length === 0) problems.push(`${model.name}: table ${model.table} is missing`);
    for (const field of model.fields) {
      const col = cols.find((c) => c.column_name === field.column);
      if (!col) {
        problems.push(`${model.name}.${field.name}: column ${model.table}.${field.column} is missing`);
        continue;
      }
      if (col.udt_name !== expectedUdt(field)) {
        problems.push(`${model.name}.${field.name}: column is ${col.udt_name}, Prisma expects ${expectedUdt(field)}`);
      }
      if ((col.is_nullable === 'YES') !== field.optional) {
        problems.push(
          `${model.name}.${field.name}: column nullable=${col.is_nullable}, Prisma optional=${field.optional}`,
        );
      }
      if (field.hasDefault && col.column_default === null) {
        problems.push(`${model.name}.${field.name}: Prisma declares a default the column lacks`);
      }
    }
    for (const col of cols) {
      if (!model.fields.some((f) => f.column === col.column_name)) {
        problems.push(`${model.name}: column ${model.table}.${col.column_name} is not in the Prisma model`);
      }
    }
  }
  return problems;
}

describe('the Prisma schema', () => {
  it('classifies every model as control-plane or tenant, and nothing twice', () => {
    const classified = [...CONTROL_MODELS, ...TENANT_MODELS];
    expect(models.map((m) => m.name).sort()).toEqual([...classified].sort());
  });

  it('matches the control-plane tables in public column by column', async () => {
    expect(drift(CONTROL_MODELS, await columnsOf('public'))).toEqual([]);
  });

  it('matches the tables of a freshly migrated tenant schema column by column', async () => {
    const schema = await createThrowawaySchema(db.current.pool);
    try {
      const columns = await columnsOf(schema.name);
      expect(drift(TENANT_MODELS, columns)).toEqual([]);
      // and the tenant schema holds nothing but tenant tables
      const tenantTables = models
        .filter((m) => (TENANT_MODELS as readonly string[]).includes(m.name))
        .map((m) => m.table);
      expect([...new Set(columns.map((c) => c.table_name))].sort()).toEqual(tenantTables.sort());
    } finally {
      await schema.drop();
    }
  });

  it('would notice a column the models do not know', async () => {
    const schema = await createThrowawaySchema(db.current.pool);
    try {
      await db.current.pool.query(`ALTER TABLE "${schema.name}".users ADD COLUMN surprise int NOT NULL DEFAULT 0`);
      expect(drift(TENANT_MODELS, await columnsOf(schema.name))).toEqual([
        'User: column users.surprise is not in the Prisma model',
      ]);
    } finally {
      await schema.drop();
    }
  });
});
