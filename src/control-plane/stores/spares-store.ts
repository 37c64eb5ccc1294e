// The SQL of public.spare_schemas: one row per spare schema made ahead of time
// (tenancy/lifecycle/spare-schemas.ts creates, migrates and claims them).
import type pg from 'pg';

type Db = Pick<pg.Pool | pg.PoolClient, 'query'>;

// claim oldest free spare: delete its row (skipping ones locked by another claim), return its name
export async function claimSpareRow(db: Db): Promise<string | null> {
  const { rows } = await db.query<{ schema_name: string }>(
    `DELETE FROM public.spare_schemas WHERE schema_name = (
       SELECT s.schema_name FROM public.spare_schemas s JOIN pg_namespace n ON n.nspname = s.schema_name
        ORDER BY s.created_at FOR UPDATE OF s SKIP LOCKED LIMIT 1)
     RETURNING schema_name`,
  );
  return rows[0]?.schema_name ?? null;
}

// count spares
export async function countSpareRows(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM public.spare_schemas');
  return rows[0]!.n;
}

// insert spare
export async function insertSpareRow(db: Db, schemaName: string): Promise<void> {
  await db.query('INSERT INTO public.spare_schemas (schema_name) VALUES ($1)', [schemaName]);
}

// spare names, oldest first
export async function spareNames(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ schema_name: string }>(
    'SELECT schema_name FROM public.spare_schemas ORDER BY created_at',
  );
  return rows.map((r) => r.schema_name);
}

// lock spare unless another transaction holds it (FOR UPDATE SKIP LOCKED)
export async function lockSpareRow(db: Db, schemaName: string): Promise<boolean> {
  return (
    ((await db.query('SELECT 1 FROM public.spare_schemas WHERE schema_name = $1 FOR UPDATE SKIP LOCKED', [schemaName]))
      .rowCount ?? 0) > 0
  );
}

// delete spare row; whether there was one
export async function deleteSpareRow(db: Db, schemaName: string): Promise<boolean> {
  return ((await db.query('DELETE FROM public.spare_schemas WHERE schema_name = $1', [schemaName])).rowCount ?? 0) > 0;
}
