// The tenant-lifecycle paths that make a new schema, on Citus: restore (shadow schema built,
// verified, swapped in), clone (from a backup and from a live tenant), unarchive and import. Each
// new schema is a distributed schema, its data identical to its source (row fingerprints), and
// each tenant's host serves only its own rows afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checksum, migrationFiles, TENANT_SQL_DIR, type MigrationFile } from '../../src/db/migration-files.js';
import { createLogger } from '../../src/logger.js';
import { BackupService } from '../../src/tenancy/lifecycle/backup-service.js';
import { exportTenant, importTenant, tableChecksum } from '../../src/tenancy/lifecycle/export-import.js';
import { tenantPlacement } from '../../src/db/citus.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { TENANT_COLUMNS, toTenant, type TenantRow } from '../../src/control-plane/stores/tenants-store.js';
import { graphql, hostOf } from '../helpers/api.js';
import { createFingerprintedTenants, type FingerprintedTenant } from '../helpers/fingerprinted-tenants.js';
import { outcome } from '../helpers/provisioner.js';
import { citusAvailable, citusSlug, useCitusGateway } from './citus-gateway.js';

const distributed = async (pool: pg.Pool, schema: string) =>
  (await pool.query('SELECT 1 FROM citus_schemas WHERE schema_name::text = $1', [schema])).rowCount === 1;

/** Row count and checksum of every table of a schema (TimeZone UTC, as exports compute them). */
async function fingerprint(pool: pg.Pool, schema: string) {
  const client = await pool.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const { rows } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY 1`,
      [schema],
    );
    const sums: Record<string, unknown> = {};
    for (const { name } of rows) sums[name] = await tableChecksum(client, schema, name);
    return sums;
  } finally {
    await client.query('RESET TimeZone').catch(() => undefined);
    client.release();
  }
}

describe.skipIf(!citusAvailable())('restore, clone, unarchive and import on Citus', () => {
  const gw = useCitusGateway();
  const pool = () => gw.current.db.pool;
  const tenantRow = async (id: string) =>
    toTenant((await pool().query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM public.tenants WHERE id = $1`, [id])).rows[0]!);

  /** The emails the tenant's own host serves: all of them its own. */
  async function servedEmails(t: { slug: string }, admin: string) {
    const read = await graphql(gw.current, {
      host: hostOf(t.slug),
      as: { email: admin },
      query: `{ currentTenant { slug } users(first: 100) { edges { node { email } } } }`,
    });
    expect(read.errors).toBeUndefined();
    expect(read.data.currentTenant.slug).toBe(t.slug);
    return (read.data.users.edges as { node: { email: string } }[]).map((e) => e.node.email).sort();
  }

  async function tenantWithRows(prefix: string): Promise<FingerprintedTenant> {
    const [t] = await createFingerprintedTenants(gw.current.services, 1, citusSlug(prefix));
    await pool().query(
      `INSERT INTO ${quoteIdent(t!.schemaName)}.audit_logs (action, target_type, target_id) SELECT 'act' || i, 'user', i::text FROM generate_series(1, 20) i`,
    );
    return t!;
  }

  it('restores a backup into a distributed schema: data identical to the backup, the replaced schema kept, isolation intact', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('rst');
    const other = await tenantWithRows('rsto');
    const backup = await provisioner.backupTenant(t.id);
    const atBackup = await fingerprint(pool(), t.schemaName);
    expect(await fingerprint(pool(), backup.schemaName)).toEqual(atBackup);
    expect(await distributed(pool(), backup.schemaName)).toBe(true);

    const s = quoteIdent(t.schemaName);
    await pool().query(`DELETE FROM ${s}.audit_logs`);
    await pool().query(`INSERT INTO ${s}.users (email) VALUES ('late@${t.slug}.test')`);

    const result = await backups.restore(backup.id);
    expect(result.tenant.schemaName).toBe(t.schemaName);
    expect(await fingerprint(pool(), t.schemaName)).toEqual(atBackup);
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    expect(await tenantPlacement(pool(), t.schemaName)).not.toBeNull();
    expect(await distributed(pool(), result.replaced!.schemaName)).toBe(true);
    const replaced = await pool().query(`SELECT count(*)::int AS n FROM ${quoteIdent(result.replaced!.schemaName)}.users WHERE email = $1`, [`late@${t.slug}.test`]);
    expect(replaced.rows[0].n).toBe(1);
    expect((await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n).toBe(0);

    // The restored tenant takes writes; both hosts serve only their own users.
    await pool().query(`INSERT INTO ${s}.audit_logs (action) VALUES ('after restore')`);
    const mine = await servedEmails(t, `admin@${t.slug}.test`);
    expect(mine).toHaveLength(t.seededUsers);
    expect(mine.every((e) => e.endsWith(`@${t.slug}.test`))).toBe(true);
    const theirs = await servedEmails(other, `admin@${other.slug}.test`);
    expect(theirs.every((e) => e.endsWith(`@${other.slug}.test`))).toBe(true);
  });

  it('restores under a running write/read load: no write acknowledged before the backup is lost, no request fails beyond the retried TENANT_NOT_READY', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('load');
    const admin = { email: `admin@${t.slug}.test` };
    const tally = { ok: 0, notReady: 0, failures: [] as string[] };
    const acked: { email: string; at: number }[] = [];
    let phase: 'before' | 'restoring' | 'after' = 'before';
    let afterCalls = 0;
    let seq = 0;
    const call = async (query: string, variables: Record<string, unknown> = {}) => {
      for (;;) {
        const res = await graphql(gw.current, { host: hostOf(t.slug), as: admin, query, variables });
        if (res.status === 503 && res.errors?.[0]?.extensions?.code === 'TENANT_NOT_READY') {
          tally.notReady++;
          continue;
        }
        if (res.status !== 200 || res.errors) {
          tally.failures.push(`${res.status} ${JSON.stringify(res.errors).slice(0, 300)}`);
          return false;
        }
        tally.ok++;
        return true;
      }
    };
    const more = () => phase !== 'after' || afterCalls++ < 20;
    const writer = async (w: number) => {
      while (more()) {
        const email = `w${w}-${seq++}@${t.slug}.test`;
        if (await call('mutation($e: String!) { createUser(input: { email: $e }) { id } }', { e: email })) acked.push({ email, at: performance.now() });
      }
    };
    const reader = async () => {
      while (more()) await call('{ users(first: 5) { totalCount } }');
    };
    const control = async () => {
      while (acked.length < 30) await new Promise((r) => setImmediate(r));
      const started = performance.now();
      const backup = await provisioner.backupTenant(t.id);
      const before = acked.filter((a) => a.at < started).map((a) => a.email);
      const target = acked.length + 20;
      while (acked.length < target) await new Promise((r) => setImmediate(r));
      phase = 'restoring';
      await backups.restore(backup.id);
      phase = 'after';
      return before;
    };
    const [ackedBeforeBackup] = await Promise.all([control(), writer(1), writer(2), reader()]);

    expect(tally.failures).toEqual([]);
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    const { rows } = await pool().query(`SELECT email::text FROM ${quoteIdent(t.schemaName)}.users`);
    const present = new Set(rows.map((r) => r.email));
    expect(ackedBeforeBackup.length).toBeGreaterThanOrEqual(30);
    expect(ackedBeforeBackup.filter((e) => !present.has(e))).toEqual([]);
    expect(acked.slice(-5).map((a) => a.email).filter((e) => !present.has(e))).toEqual([]);
    console.log(`citus restore under load: ${tally.ok} requests answered, ${tally.notReady} TENANT_NOT_READY retried, ${acked.length} writes acknowledged, ${ackedBeforeBackup.length} before the backup`);
  });

  it('restores a backup kept on the coordinator as a local schema (taken before backups were distributed) into a distributed schema', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('legacy');
    const backup = await provisioner.backupTenant(t.id);
    const atBackup = await fingerprint(pool(), backup.schemaName);
    await pool().query('SELECT citus_schema_undistribute(to_regnamespace($1))', [backup.schemaName]);
    expect(await distributed(pool(), backup.schemaName)).toBe(false);
    await pool().query(`DELETE FROM ${quoteIdent(t.schemaName)}.audit_logs`);
    await backups.restore(backup.id);
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    expect(await fingerprint(pool(), t.schemaName)).toEqual(atBackup);
  });

  it('refuses a restore whose copy does not match the backup record (CONFLICT): no shadow schema left, the tenant as it was', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('rstbad');
    const backup = await provisioner.backupTenant(t.id);
    const before = await fingerprint(pool(), t.schemaName);
    await pool().query(`DELETE FROM ${quoteIdent(backup.schemaName)}.audit_logs`); // the backup was tampered with
    expect(await outcome(backups.restore(backup.id))).toBe('CONFLICT');
    expect(await fingerprint(pool(), t.schemaName)).toEqual(before);
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    expect((await tenantRow(t.id)).metadata).not.toHaveProperty('restoring_at');
    expect((await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n).toBe(0);
    expect((await pool().query(`SELECT count(*)::int AS n FROM citus_schemas WHERE schema_name::text LIKE 'restore\\_%'`)).rows[0].n).toBe(0);
  });

  it('migrates a backup taken at an older migration forward on Citus before swapping it in', async () => {
    const { provisioner } = gw.current.services;
    const t = await tenantWithRows('rstmig');
    const backup = await provisioner.backupTenant(t.id);
    const sql = 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX users_nickname_idx ON users (nickname);\n';
    const newer: MigrationFile[] = [...migrationFiles(TENANT_SQL_DIR), { name: '9002_nickname.sql', sql, checksum: checksum(sql), transactional: true }];
    const upgraded = new BackupService({
      pool: pool(), clients: gw.current.services.clients, changes: gw.current.services.changes,
      logger: createLogger({ logLevel: 'silent' }), provisioner, files: newer,
    });
    const result = await upgraded.restore(backup.id);
    expect(result.migrated).toEqual(['9002_nickname.sql']);
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    const cols = await pool().query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'users'`, [t.schemaName]);
    expect(cols.rows.map((r) => r.column_name)).toContain('nickname');
    expect((await pool().query(`SELECT count(*)::int AS n FROM ${quoteIdent(t.schemaName)}.users`)).rows[0].n).toBe(t.seededUsers);
  });

  it('copies sequences, functions, defaults, views and materialized views of a distributed schema self-contained', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('rich');
    const s = quoteIdent(t.schemaName);
    for (const statement of [
      `CREATE SEQUENCE ${s}.invoice_numbers AS bigint START 1000`,
      `CREATE FUNCTION ${s}.next_code() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'INV-' || nextval('${t.schemaName}.invoice_numbers'::regclass); END`,
      `CREATE TABLE ${s}.invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL DEFAULT ${s}.next_code(), user_id uuid REFERENCES ${s}.users (id))`,
      `CREATE VIEW ${s}.invoice_codes AS SELECT id, code FROM ${s}.invoices`,
      `CREATE MATERIALIZED VIEW ${s}.invoice_stats AS SELECT count(*)::int AS n FROM ${s}.invoices`,
      `INSERT INTO ${s}.invoices (user_id) SELECT id FROM ${s}.users`,
    ]) await pool().query(statement);
    const backup = await provisioner.backupTenant(t.id);
    const clone = await backups.clone({ backupId: backup.id }, { slug: citusSlug('richc') });
    const c = quoteIdent(clone.tenant.schemaName);
    expect(await distributed(pool(), clone.tenant.schemaName)).toBe(true);
    expect(clone.rowCounts).toMatchObject({ invoices: t.seededUsers });
    // The clone numbers on from where the source stood, through its own sequence and function.
    const next = await pool().query(`INSERT INTO ${c}.invoices (user_id) VALUES (NULL) RETURNING id::int, code`);
    expect(next.rows[0]).toEqual({ id: t.seededUsers + 1, code: `INV-${1000 + t.seededUsers}` });
    expect((await pool().query(`SELECT count(*)::int AS n FROM ${c}.invoice_codes`)).rows[0].n).toBe(t.seededUsers + 1);
    expect((await pool().query(`SELECT n FROM ${c}.invoice_stats`)).rows[0].n).toBe(t.seededUsers);
    expect((await pool().query(`SELECT count(*)::int AS n FROM ${s}.invoices`)).rows[0].n).toBe(t.seededUsers);
  });

  it('clones a backup and a live tenant into new distributed schemas with identical data; writes to a clone stay there', async () => {
    const { provisioner, backups } = gw.current.services;
    const t = await tenantWithRows('cln');
    const backup = await provisioner.backupTenant(t.id);
    const atBackup = await fingerprint(pool(), backup.schemaName);
    await pool().query(`INSERT INTO ${quoteIdent(t.schemaName)}.users (email) VALUES ('after@${t.slug}.test')`);
    const live = await fingerprint(pool(), t.schemaName);

    const fromBackup = await backups.clone({ backupId: backup.id }, { slug: citusSlug('clnb') });
    const fromLive = await backups.clone({ tenantId: t.id }, { slug: citusSlug('clnl') });
    for (const [clone, expected] of [[fromBackup, atBackup], [fromLive, live]] as const) {
      expect(clone.tenant.status).toBe('active');
      expect(await distributed(pool(), clone.tenant.schemaName)).toBe(true);
      expect(await fingerprint(pool(), clone.tenant.schemaName)).toEqual(expected);
    }
    await pool().query(`INSERT INTO ${quoteIdent(fromLive.tenant.schemaName)}.users (email) VALUES ('clone-only@x.test')`);
    expect(await fingerprint(pool(), t.schemaName)).toEqual(live);
    expect((await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n).toBe(0);
  });

  it('measures a distributed tenant and its distributed backups where their shards live: usage.storage_gb and the backup storage cap see the real bytes', async () => {
    const { provisioner } = gw.current.services;
    const t = await tenantWithRows('size');
    const s = quoteIdent(t.schemaName);
    await pool().query(`INSERT INTO ${s}.audit_logs (action, target_id) SELECT 'bulk', repeat(md5(i::text), 40) FROM generate_series(1, 2000) i`);
    const { rows } = await pool().query(
      `SELECT coalesce(sum(citus_total_relation_size(p.logicalrelid)), 0)::bigint AS b
         FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid WHERE c.relnamespace = $1::regnamespace`,
      [t.schemaName],
    );
    const liveBytes = Number(rows[0].b);
    expect(liveBytes).toBeGreaterThan(2_000_000);
    const backup = await provisioner.backupTenant(t.id);
    expect(await distributed(pool(), backup.schemaName)).toBe(true);
    expect(backup.sizeBytes).toBeGreaterThan(liveBytes * 0.8);
    const usage = (await tenantRow(t.id)).usage as { storage_gb: number };
    // The schema and its backup, each about liveBytes (not the coordinator's empty shells).
    expect(usage.storage_gb * 1024 ** 3).toBeGreaterThan(liveBytes * 1.8);
    // A cap below schema + backup + one more copy refuses the next backup, creating nothing.
    await pool().query(`UPDATE tenants SET limits = limits || jsonb_build_object('storage_gb', $2::float8) WHERE id = $1`, [t.id, (liveBytes * 2.5) / 1024 ** 3]);
    expect(await outcome(provisioner.backupTenant(t.id))).toBe('LIMIT_EXCEEDED');
    expect(await gw.current.services.backups.list(t.id)).toHaveLength(1);
    // Lowering the limit below the real bytes (schema + backup) is refused, naming the field.
    expect(await outcome(provisioner.updateTenant(t.id, { limits: { storage_gb: (liveBytes * 1.5) / 1024 ** 3 } }))).toBe('BAD_USER_INPUT');
    // The schema a restore replaces is recorded at its real size too.
    await pool().query(`UPDATE tenants SET limits = limits - 'storage_gb' WHERE id = $1`, [t.id]);
    const restored = await gw.current.services.backups.restore(backup.id);
    expect(restored.replaced!.sizeBytes).toBeGreaterThan(liveBytes * 0.8);
  });

  it('unarchives a tenant: its schema is renamed back, still distributed, data unchanged, served again', async () => {
    const { provisioner } = gw.current.services;
    const t = await tenantWithRows('una');
    const before = await fingerprint(pool(), t.schemaName);
    const archived = await provisioner.archiveTenant(t.id, 'paused');
    expect(await distributed(pool(), archived.schemaName)).toBe(true);
    const back = await provisioner.unarchiveTenant(t.id);
    expect(back).toMatchObject({ status: 'active', schemaName: t.schemaName });
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    expect(await fingerprint(pool(), t.schemaName)).toEqual(before);
    expect(await servedEmails(t, `admin@${t.slug}.test`)).toHaveLength(t.seededUsers);
  });

  it('imports an export file into a new distributed schema whose rows match the export', async () => {
    const { provisioner, cipher } = gw.current.services;
    const t = await tenantWithRows('imp');
    const dir = await mkdtemp(path.join(tmpdir(), 'citus-import-'));
    try {
      const file = path.join(dir, 'tenant.jsonl');
      const exported = await exportTenant(pool(), await tenantRow(t.id), file, { noSecrets: true });
      const imported = await importTenant({ pool: pool(), provisioner, cipher }, file, { slug: citusSlug('impd') });
      expect(imported.tables).toEqual(exported.tables);
      const created = await tenantRow(imported.tenantId);
      expect(await distributed(pool(), created.schemaName)).toBe(true);
      // Rows identical table by table (the migration ledger is the new schema's own).
      const { schema_migrations: _ledger, ...source } = await fingerprint(pool(), t.schemaName);
      expect(await fingerprint(pool(), created.schemaName)).toMatchObject(source);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
