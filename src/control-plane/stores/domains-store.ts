// The raw SQL of public.tenant_domains (the domain service itself works through Prisma).
import type pg from 'pg';

type Db = Pick<pg.Pool | pg.PoolClient, 'query'>;

// domain names of a tenant, verified or not
export async function domainNamesOf(db: Db, tenantId: string): Promise<string[]> {
  const { rows } = await db.query<{ domain: string }>('SELECT domain FROM public.tenant_domains WHERE tenant_id = $1', [
    tenantId,
  ]);
  return rows.map((r) => r.domain);
}
