// Restore on Citus: the shadow schema is built, verified and swapped in as a distributed schema whose data is
// identical to the backup's (row fingerprints), under load too, and each tenant's host serves only its own rows.
import { checksum, migrationFiles, TENANT_SQL_DIR, type MigrationFile } from '../../src/db/migration-files.js';
import { createLogger } from '../../src/logger.js';
import { BackupService } from '../../src/tenancy/lifecycle/backup-service.js';
import { tenantPlacement } from '../../src/db/citus.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { graphql, hostOf } from '../helpers/api.js';
import { outcome } from '../helpers/provisioner.js';
import { describe, expect, it } from 'vitest';
import { citusAvailable, useCitusGateway } from './citus-gateway.js';
import { distributed, fingerprint, tenantCopies } from './tenant-copies.js';

describe.skipIf(!citusAvailable())('restore on Citus', () => {
  const gw = useCitusGateway();
  const { pool, tenantRow, servedEmails, tenantWithRows } = tenantCopies(gw);

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
    const replaced = await pool().query(
      `SELECT count(*)::int AS n FROM ${quoteIdent(result.replaced!.schemaName)}.users WHERE email = $1`,
      [`late@${t.slug}.test`],
    );
    expect(replaced.rows[0].n).toBe(1);
    expect(
      (await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n,
    ).toBe(0);

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
        if (await call('mutation($e: String!) { createUser(input: { email: $e }) { id } }', { e: email }))
          acked.push({ email, at: performance.now() });
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
    expect(
      acked
        .slice(-5)
        .map((a) => a.email)
        .filter((e) => !present.has(e)),
    ).toEqual([]);
    console.log(
      `citus restore under load: ${tally.ok} requests answered, ${tally.notReady} TENANT_NOT_READY retried, ${acked.length} writes acknowledged, ${ackedBeforeBackup.length} before the backup`,
    );
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
    expect(
      (await pool().query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'restore\\_%'`)).rows[0].n,
    ).toBe(0);
    expect(
      (await pool().query(`SELECT count(*)::int AS n FROM citus_schemas WHERE schema_name::text LIKE 'restore\\_%'`))
        .rows[0].n,
    ).toBe(0);
  });

  it('migrates a backup taken at an older migration forward on Citus before swapping it in', async () => {
    const { provisioner } = gw.current.services;
    const t = await tenantWithRows('rstmig');
    const backup = await provisioner.backupTenant(t.id);
    const sql = 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX users_nickname_idx ON users (nickname);\n';
    const newer: MigrationFile[] = [
      ...migrationFiles(TENANT_SQL_DIR),
      { name: '9002_nickname.sql', sql, checksum: checksum(sql), transactional: true },
    ];
    const upgraded = new BackupService({
      pool: pool(),
      clients: gw.current.services.clients,
      changes: gw.current.services.changes,
      logger: createLogger({ logLevel: 'silent' }),
      provisioner,
      files: newer,
    });
    const result = await upgraded.restore(backup.id);
    expect(result.migrated).toEqual(['9002_nickname.sql']);
    expect(await distributed(pool(), t.schemaName)).toBe(true);
    const cols = await pool().query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'users'`,
      [t.schemaName],
    );
    expect(cols.rows.map((r) => r.column_name)).toContain('nickname');
    expect((await pool().query(`SELECT count(*)::int AS n FROM ${quoteIdent(t.schemaName)}.users`)).rows[0].n).toBe(
      t.seededUsers,
    );
  });
});
