// Tenants whose every row carries the tenant's slug (a fingerprint), so any answer or row can be
// traced back to the tenant it belongs to: users are `…@<slug>.test`, the settings `fingerprint`
// (GENERAL and BRANDING) hold the slug. Each tenant has an admin whose token the load clients use.
import type pg from 'pg';
import { quoteIdent } from '../../src/tenancy/names.js';
import type { Provisioner } from '../../src/tenancy/lifecycle/provisioner.js';
import { signToken } from './api.js';

export interface FingerprintedTenant {
  id: string;
  slug: string;
  schemaName: string;
  /** Admin of this tenant only (may read and write users and settings). */
  token: string;
  seededUsers: number;
}

const SEEDED_USERS = 3;

/** Creates `count` tenants `<prefix>-<n>` through the provisioner (a few at a time), then seeds them in bulk. */
export async function createFingerprintedTenants(
  services: { provisioner: Provisioner; db: { pool: pg.Pool } },
  count: number,
  prefix: string,
): Promise<FingerprintedTenant[]> {
  const slugs = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  const created: { id: string; slug: string; schemaName: string }[] = [];
  for (let i = 0; i < slugs.length; i += 4) {
    const batch = slugs.slice(i, i + 4);
    created.push(
      ...(await Promise.all(batch.map((slug) => services.provisioner.createTenant({ name: `Tenant ${slug}`, slug })))),
    );
  }
  const pool = services.db.pool;
  await pool.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS t(id, slug)),
          a AS (INSERT INTO accounts (email, name) SELECT 'admin@' || slug || '.test', 'Admin of ' || slug FROM t RETURNING id, email),
          m AS (INSERT INTO tenant_users (tenant_id, user_id, role, status, invited_at, accepted_at)
                SELECT t.id, a.id, 'admin', 'active', now(), now() FROM t JOIN a ON a.email = 'admin@' || t.slug || '.test')
     INSERT INTO tenant_settings (tenant_id, category, key, value, type)
     SELECT t.id, c.category, 'fingerprint', t.slug, 'string' FROM t, unnest(ARRAY['general', 'branding']) AS c(category)`,
    [created.map((t) => t.id), created.map((t) => t.slug)],
  );
  for (const t of created) {
    const emails = Array.from({ length: SEEDED_USERS }, (_, i) => `seed${i}@${t.slug}.test`);
    await pool.query(
      `INSERT INTO ${quoteIdent(t.schemaName)}.users (email, name) SELECT e, e FROM unnest($1::text[]) AS e`,
      [emails],
    );
  }
  return Promise.all(
    created.map(async (t) => ({
      id: t.id,
      slug: t.slug,
      schemaName: t.schemaName,
      token: await signToken({ email: `admin@${t.slug}.test` }),
      seededUsers: SEEDED_USERS,
    })),
  );
}

export interface StoredRows {
  /** Users in the tenant's schema whose email names another tenant (or none). */
  foreignUsers: string[];
  users: string[];
  /** user.create audit entries in the tenant's own schema. */
  userAudits: number;
}

/** What each tenant's own schema holds after the fact. */
export async function storedRows(pool: pg.Pool, tenant: FingerprintedTenant): Promise<StoredRows> {
  const schema = quoteIdent(tenant.schemaName);
  const { rows } = await pool.query<{ email: string }>(`SELECT email::text AS email FROM ${schema}.users`);
  const audits = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${schema}.audit_logs WHERE action = 'user.create'`,
  );
  const users = rows.map((r) => r.email);
  return {
    users,
    foreignUsers: users.filter((e) => !e.endsWith(`@${tenant.slug}.test`)),
    userAudits: audits.rows[0]!.n,
  };
}
