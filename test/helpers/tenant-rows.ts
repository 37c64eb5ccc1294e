// Tenant and domain rows written straight into the control plane, for tests of the door and the
// host cache (no tenant schema is created: nothing behind the door is executed against it).
import type pg from 'pg';

export type TenantStatus = 'pending' | 'active' | 'suspended' | 'archived';

export interface TenantRow {
  id: string;
  slug: string;
}

export async function insertTenant(
  pool: pg.Pool,
  opts: { slug: string; status?: TenantStatus; domain?: string | null },
): Promise<TenantRow> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO tenants (name, slug, schema_name, status, domain) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      `Tenant ${opts.slug}`,
      opts.slug,
      `tenant_${opts.slug.replaceAll('-', '_')}`,
      opts.status ?? 'active',
      opts.domain ?? null,
    ],
  );
  return { id: rows[0]!.id, slug: opts.slug };
}

export async function setTenantStatus(pool: pg.Pool, tenantId: string, status: TenantStatus): Promise<void> {
  await pool.query(`UPDATE tenants SET status = $2, updated_at = now() WHERE id = $1`, [tenantId, status]);
}

export async function addDomain(
  pool: pg.Pool,
  tenantId: string,
  domain: string,
  opts: { verified?: boolean } = {},
): Promise<void> {
  await pool.query(`INSERT INTO tenant_domains (tenant_id, domain, verified_at) VALUES ($1, $2, $3)`, [
    tenantId,
    domain,
    opts.verified === false ? null : new Date(),
  ]);
}

export async function moveDomain(pool: pg.Pool, domain: string, toTenantId: string): Promise<void> {
  await pool.query(`UPDATE tenant_domains SET tenant_id = $2, updated_at = now() WHERE domain = $1`, [
    domain,
    toTenantId,
  ]);
}

export async function removeDomain(pool: pg.Pool, domain: string): Promise<void> {
  await pool.query(`DELETE FROM tenant_domains WHERE domain = $1`, [domain]);
}

/** Polls `probe` until it returns true; resolves with the time it took, rejects after `timeoutMs`. */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
