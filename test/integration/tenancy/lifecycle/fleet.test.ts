import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { LEDGER_TABLE } from '../../../../src/db/migrator.js';
import { migrateFleet, type FleetProgress } from '../../../../src/tenancy/lifecycle/fleet.js';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import { tenantFilesPlus } from '../../../helpers/migration-files.js';
import { outcome, tablesOf, useProvisioner } from '../../../helpers/provisioner.js';

const t = useProvisioner({ poolMax: 10 });
let group = 0;

/** A fresh group of tenants, so each test owns the schemas it migrates (selected with `only`). */
async function tenants(count: number): Promise<{ slugs: string[]; schemas: string[] }> {
  const prefix = `fleet${++group}-${Date.now().toString(36)}`;
  const created = [];
  for (let i = 0; i < count; i++)
    created.push(await t.current.provisioner.createTenant({ name: `${prefix} ${i}`, slug: `${prefix}-${i}` }));
  return { slugs: created.map((c) => c.slug), schemas: created.map((c) => c.schemaName) };
}

async function ledger(schema: string): Promise<string[]> {
  const { rows } = await t.current.db.pool.query(
    `SELECT name FROM ${quoteIdent(schema)}.${LEDGER_TABLE} ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

const notes = (name = '0002_notes.sql') =>
  tenantFilesPlus({
    [name]: 'CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL);',
  });

describe('migrateFleet', () => {
  it('applies a new file to every schema, reports each tenant and progress, and a re-run is a no-op', async () => {
    const { slugs, schemas } = await tenants(6);
    const { files } = notes();
    const progress: FleetProgress[] = [];
    const report = await migrateFleet(
      { pool: t.current.db.pool },
      { files, only: slugs, onProgress: (p) => progress.push(p) },
    );
    expect(report).toMatchObject({ total: 6, applied: 6, skipped: 0, failed: 0, notRun: 0, stoppedBy: null });
    expect(report.results.map((r) => r.slug).sort()).toEqual([...slugs].sort());
    for (const r of report.results) {
      expect(r).toMatchObject({ status: 'applied', applied: ['0002_notes.sql'] });
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    }
    for (const schema of schemas) expect(await tablesOf(t.current, schema)).toContain('notes');
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.total === 6)).toBe(true);

    const again = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs });
    expect(again).toMatchObject({ applied: 0, skipped: 6, failed: 0 });
  });

  it('reports a broken tenant, rolls it back, and migrates all the others', async () => {
    const { slugs, schemas } = await tenants(5);
    // This tenant already has a "notes" table of its own: the new file conflicts there.
    await t.current.db.pool.query(
      `CREATE TABLE ${quoteIdent(schemas[2]!)}.notes (legacy int); INSERT INTO ${quoteIdent(schemas[2]!)}.notes VALUES (7)`,
    );
    const { files } = tenantFilesPlus({
      '0002_notes.sql': 'CREATE TABLE tags (id int PRIMARY KEY); CREATE TABLE notes (id uuid PRIMARY KEY, body text);',
    });
    const report = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs });
    expect(report).toMatchObject({ total: 5, applied: 4, failed: 1, notRun: 0 });
    const broken = report.results.find((r) => r.status === 'failed')!;
    expect(broken).toMatchObject({ slug: slugs[2], schemaName: schemas[2], applied: [] });
    expect(broken.error).toMatch(/0002_notes\.sql.*already exists/);
    // All or nothing per schema: the broken one got neither table, and its own data is intact.
    expect(await tablesOf(t.current, schemas[2]!)).not.toContain('tags');
    expect(await ledger(schemas[2]!)).toEqual(['0001_tenant_tables.sql']);
    expect((await t.current.db.pool.query(`SELECT legacy FROM ${quoteIdent(schemas[2]!)}.notes`)).rows).toEqual([
      { legacy: 7 },
    ]);
    for (const schema of schemas.filter((_, i) => i !== 2))
      expect(await tablesOf(t.current, schema)).toEqual(expect.arrayContaining(['notes', 'tags']));
  });

  it('fails a tenant whose table stays locked past lock_timeout, without holding up the rest', async () => {
    const { slugs, schemas } = await tenants(3);
    const { files } = tenantFilesPlus({ '0002_nickname.sql': 'ALTER TABLE users ADD COLUMN nickname text;' });
    const blocker = await t.current.db.pool.connect();
    try {
      await blocker.query(`BEGIN; LOCK TABLE ${quoteIdent(schemas[0]!)}.users IN ACCESS SHARE MODE`);
      const report = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs, lockTimeoutMs: 200 });
      expect(report).toMatchObject({ applied: 2, failed: 1 });
      expect(report.results.find((r) => r.status === 'failed')).toMatchObject({
        slug: slugs[0],
        error: expect.stringMatching(/lock timeout/),
      });
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    expect(await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs })).toMatchObject({
      applied: 1,
      skipped: 2,
    });
  });

  it('runs the canary tenants first and stops before the rest when one of them fails', async () => {
    const { slugs, schemas } = await tenants(6);
    await t.current.db.pool.query(`CREATE TABLE ${quoteIdent(schemas[1]!)}.notes (legacy int)`);
    const { files } = notes();
    const stopped = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs, canary: 3 });
    expect(stopped).toMatchObject({ stoppedBy: 'canary', failed: 1, applied: 1, notRun: 4 });
    expect(stopped.results.map((r) => r.slug)).toEqual([slugs[0], slugs[1]]);
    for (const schema of schemas.slice(2)) expect(await ledger(schema)).toEqual(['0001_tenant_tables.sql']);

    const passing = await migrateFleet(
      { pool: t.current.db.pool },
      { files, only: slugs, except: [slugs[1]!], canary: 2 },
    );
    expect(passing).toMatchObject({ stoppedBy: null, total: 5, applied: 4, skipped: 1, notRun: 0 });
  });

  it('filters with only/except and refuses slugs it does not know', async () => {
    const { slugs } = await tenants(3);
    const { files } = notes();
    const report = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs, except: [slugs[0]!] });
    expect(report.results.map((r) => r.slug).sort()).toEqual([slugs[1], slugs[2]].sort());
    expect(await outcome(migrateFleet({ pool: t.current.db.pool }, { files, only: ['no-such-tenant'] }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await outcome(migrateFleet({ pool: t.current.db.pool }, { files, except: ['typo'] }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('keeps at most `concurrency` schemas (connections) busy at once', async () => {
    const { slugs } = await tenants(8);
    const { files } = tenantFilesPlus({ '0002_slow.sql': 'SELECT pg_sleep(0.02); CREATE TABLE slow (id int);' });
    const pool = t.current.db.pool;
    let inUse = 0;
    let peak = 0;
    const acquire = () => (peak = Math.max(peak, ++inUse));
    const release = () => inUse--;
    pool.on('acquire', acquire).on('release', release);
    try {
      const report = await migrateFleet({ pool }, { files, only: slugs, concurrency: 3 });
      expect(report.applied).toBe(8);
    } finally {
      pool.off('acquire', acquire).off('release', release);
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(3);
  });

  it('stops starting schemas when aborted; a re-run completes the fleet', async () => {
    const { slugs, schemas } = await tenants(8);
    const { files } = notes();
    const controller = new AbortController();
    const first = await migrateFleet(
      { pool: t.current.db.pool },
      {
        files,
        only: slugs,
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p) => p.done === 3 && controller.abort(),
      },
    );
    expect(first.stoppedBy).toBe('abort');
    expect(first.results.length).toBeGreaterThanOrEqual(3);
    expect(first.notRun).toBeGreaterThan(0);
    const second = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs });
    expect(second.applied).toBe(first.notRun);
    expect(second.skipped).toBe(first.results.length);
    for (const schema of schemas) expect(await ledger(schema)).toEqual(['0001_tenant_tables.sql', '0002_notes.sql']);
  });

  it('survives the migrating process being killed midway: a re-run ends with every schema complete', async () => {
    const { slugs, schemas } = await tenants(30);
    const { files, dir } = tenantFilesPlus({
      '0002_slow_notes.sql':
        'SELECT pg_sleep(0.05); CREATE TABLE notes (id int PRIMARY KEY); INSERT INTO notes VALUES (1);',
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/fleet-child.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: t.current.db.url,
        FILES_DIR: dir,
        ONLY: slugs.join(','),
        CONCURRENCY: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    let seen = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      if (JSON.parse(line).done && ++seen === 5) {
        child.kill('SIGKILL');
        break;
      }
    }
    expect(await exited, stderr).toBe('SIGKILL');

    // A mixed fleet, but no schema half-migrated: a table exists exactly where the ledger says so.
    let migrated = 0;
    for (const schema of schemas) {
      const done = (await ledger(schema)).includes('0002_slow_notes.sql');
      expect((await tablesOf(t.current, schema)).includes('notes'), schema).toBe(done);
      if (done) migrated++;
    }
    expect(migrated).toBeGreaterThanOrEqual(5);
    expect(migrated).toBeLessThan(30);

    const rerun = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs, concurrency: 4 });
    expect(rerun).toMatchObject({ failed: 0, applied: 30 - migrated, skipped: migrated });
    for (const schema of schemas) {
      expect(await ledger(schema)).toEqual(['0001_tenant_tables.sql', '0002_slow_notes.sql']);
      expect((await t.current.db.pool.query(`SELECT id FROM ${quoteIdent(schema)}.notes`)).rows).toEqual([{ id: 1 }]);
    }
  }, 60_000);

  it('leaves archived tenants alone unless asked', async () => {
    const { slugs } = await tenants(2);
    const tenant = (await t.current.db.pool.query('SELECT id FROM tenants WHERE slug = $1', [slugs[0]])).rows[0];
    const archived = await t.current.provisioner.archiveTenant(tenant.id);
    const { files } = notes();
    expect(await outcome(migrateFleet({ pool: t.current.db.pool }, { files, only: [slugs[0]!] }))).toBe(
      'BAD_USER_INPUT',
    );
    const report = await migrateFleet({ pool: t.current.db.pool }, { files, only: slugs, includeArchived: true });
    expect(report.results.find((r) => r.slug === slugs[0])).toMatchObject({
      status: 'applied',
      schemaName: archived.schemaName,
    });
  });
});
