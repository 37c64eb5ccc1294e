// `tenant-gateway doctor` as a process: silent and exit 0 on a healthy deployment; each kind of
// breakage named on its own line, with exit code 1.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsCipher } from '../../../src/control-plane/settings-crypto.js';
import { cliOn } from '../../helpers/cli.js';
import { useProvisioner } from '../../helpers/provisioner.js';

const t = useProvisioner();
let cli: ReturnType<typeof cliOn>;
beforeAll(() => {
  cli = cliOn(t.current.db.url);
});

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; summary: string; problems: string[]; notes: string[] }[];
}
const checkOf = (report: Report, name: string) => report.checks.find((c) => c.name === name)!;

describe('tenant-gateway doctor', () => {
  it('passes every check on a healthy deployment (exit 0) and says what it looked at', async () => {
    await t.current.provisioner.createTenant({ name: 'Healthy', slug: 'healthy' });
    await t.current.provisioner.archiveTenant(
      (await t.current.provisioner.createTenant({ name: 'Old', slug: 'old' })).id,
    );
    const run = await cli('doctor');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ok {3}database: PostgreSQL \d+/m);
    expect(run.stdout).toMatch(/^ok {3}tenant schemas: 1 active\/suspended and 1 archived tenants/m);
    expect(run.stdout).toMatch(/^ok {3}pool: DATABASE_POOL_MAX=10/m);
    expect(run.stdout).toContain('all checks passed');
  }, 60_000);

  it('finds a drifted, a pending and a missing tenant ledger, a tenant left PENDING and an unknown key, and exits 1', async () => {
    for (const slug of ['drifted', 'behind', 'vanished'])
      await t.current.provisioner.createTenant({ name: slug, slug });
    await t.current.db.pool.query(
      `UPDATE tenant_drifted.schema_migrations SET checksum = 'edited' WHERE name = '0001_tenant_tables.sql'`,
    );
    await t.current.db.pool.query(`DELETE FROM tenant_behind.schema_migrations`);
    await t.current.db.pool.query(`DROP SCHEMA tenant_vanished CASCADE`);
    await t.current.db.pool.query(
      `INSERT INTO tenants (name, slug, schema_name, status) VALUES ('Stuck', 'stuck', 'tenant_stuck', 'pending')`,
    );
    const { rows } = await t.current.db.pool.query(`SELECT id FROM tenants WHERE slug = 'healthy'`);
    const lostKey = new SettingsCipher([{ id: 'lost', key: randomBytes(32) }]);
    const aad = { tenantId: rows[0].id, category: 'security', key: 'apiKey' };
    await t.current.db.pool.query(
      `INSERT INTO tenant_settings (tenant_id, category, key, value, encrypted) VALUES ($1, 'security', 'apiKey', $2, true)`,
      [aad.tenantId, lostKey.encrypt('secret', aad)],
    );

    const run = await cli('doctor');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL tenant schemas/m);
    expect(run.stdout).toMatch(/✗ drifted \(tenant_drifted\): checksum drift in 0001_tenant_tables\.sql/);
    expect(run.stdout).toMatch(/✗ behind \(tenant_behind\): pending 0001_tenant_tables\.sql/);
    expect(run.stdout).toMatch(/✗ vanished \(tenant_vanished\): schema is missing/);
    expect(run.stdout).not.toMatch(/✗ healthy/);
    expect(run.stdout).toMatch(/✗ stuck: left PENDING by an interrupted create/);
    expect(run.stdout).toMatch(/✗ 1 encrypted settings under key "lost", which is not in SETTINGS_ENCRYPTION_KEYS/);
    expect(run.stdout).toMatch(/^ok {3}control plane/m);

    const json = await cli('doctor', '--json');
    expect(json.code).toBe(1);
    const report = json.json<Report>();
    expect(report.ok).toBe(false);
    expect(checkOf(report, 'tenant schemas')).toMatchObject({
      ok: false,
      problems: expect.arrayContaining([expect.stringContaining('drifted')]),
    });
    expect(checkOf(report, 'tenant schemas').problems).toHaveLength(3);
    expect(checkOf(report, 'pending tenants').ok).toBe(false);
    expect(checkOf(report, 'database').ok).toBe(true);
  }, 60_000);

  it('flags pool settings the server cannot honour and connections that live forever', async () => {
    const run = await cliOn(t.current.db.url, { DATABASE_POOL_MAX: '1000', DATABASE_POOL_MAX_LIFETIME_SECONDS: '0' })(
      'doctor',
      '--json',
    );
    expect(run.code).toBe(1);
    const pool = checkOf(run.json<Report>(), 'pool');
    expect(pool.ok).toBe(false);
    expect(pool.problems.join('\n')).toMatch(/DATABASE_POOL_MAX=1000 is above what the server allows/);
    expect(pool.problems.join('\n')).toMatch(/DATABASE_POOL_MAX_LIFETIME_SECONDS=0/);
  }, 60_000);

  it('reports an unreachable database as a failed check, exit 1', async () => {
    const url = new URL(t.current.db.url);
    url.pathname = '/no_such_database_here';
    const run = await cliOn(url.toString(), { DATABASE_CONNECT_TIMEOUT_MS: '2000' })('doctor');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL database: not reachable/m);
    expect(run.stdout).toMatch(/no_such_database_here/);
  }, 60_000);
});
