// `tenant-gateway migrate` as a process: every tenant schema brought to the latest tenant-sql/,
// a failing tenant reported (exit 1) while the others are migrated, and the run resumable.
import { describe, expect, it } from 'vitest';
import { cliOn } from '../../helpers/cli.js';
import { useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();
const cli = (...args: string[]) => cliOn(db.current.url)(...args);

/** A registered tenant whose schema exists but was never migrated (or holds a clashing table). */
async function bareTenant(slug: string, opts: { clash?: boolean; order: number }) {
  const schema = `tenant_${slug.replaceAll('-', '_')}`;
  await db.current.pool.query(`CREATE SCHEMA ${schema}${opts.clash ? `; CREATE TABLE ${schema}.users (id int)` : ''}`);
  await db.current.pool.query(
    `INSERT INTO tenants (name, slug, schema_name, status, inserted_at) VALUES ($1, $1, $2, 'active', now() + make_interval(secs => $3))`,
    [slug, schema, opts.order],
  );
}

async function ledger(slug: string): Promise<string[]> {
  const { rows } = await db.current.pool
    .query(`SELECT name FROM tenant_${slug.replaceAll('-', '_')}.schema_migrations ORDER BY name`)
    .catch(() => ({ rows: [] as { name: string }[] }));
  return rows.map((r) => r.name);
}

interface Report {
  ok: boolean;
  total: number;
  applied: number;
  skipped: number;
  failed: number;
  notRun: number;
  stoppedBy: string | null;
  results: { slug: string; status: string; applied: string[]; error?: string }[];
}

describe('tenant-gateway migrate', () => {
  it('migrates every tenant but the failing one, exits 1, and --json lists the failure with its error', async () => {
    await bareTenant('mig-a', { order: 1 });
    await bareTenant('mig-bad', { clash: true, order: 2 });
    await bareTenant('mig-c', { order: 3 });
    const run = await cli('migrate', '--only', 'mig-a,mig-bad,mig-c', '--concurrency', '2', '--json');
    expect(run.code, run.stderr).toBe(1);
    const report = run.json<Report>();
    expect(report).toMatchObject({
      ok: false,
      total: 3,
      applied: 2,
      skipped: 0,
      failed: 1,
      notRun: 0,
      stoppedBy: null,
    });
    const bySlug = Object.fromEntries(report.results.map((r) => [r.slug, r]));
    expect(bySlug['mig-bad']).toMatchObject({
      status: 'failed',
      applied: [],
      error: expect.stringMatching(/relation "users" already exists/),
    });
    expect(bySlug['mig-a']).toMatchObject({ status: 'applied', applied: ['0001_tenant_tables.sql'] });
    expect(bySlug['mig-c']).toMatchObject({ status: 'applied' });
    expect(await ledger('mig-a')).toContain('0001_tenant_tables.sql');
    expect(await ledger('mig-c')).toContain('0001_tenant_tables.sql');
    expect(await ledger('mig-bad')).toEqual([]); // rolled back whole: no half-migrated schema

    // Plain output (not a terminal): one line per tenant, then the summary. Re-running is a no-op for the others.
    const again = await cli('migrate', '--only', 'mig-a,mig-bad,mig-c');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^\[\d\/3\] mig-a: skipped \(\d+ ms\)$/m);
    expect(again.stdout).toMatch(/^\[\d\/3\] mig-bad: failed \(\d+ ms\): .*already exists$/m);
    expect(again.stdout).toContain('3 tenants: 0 migrated, 2 already current, 1 failed');

    const rest = await cli('migrate', '--only', 'mig-a,mig-bad,mig-c', '--except', 'mig-bad', '--json');
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.json<Report>()).toMatchObject({ ok: true, total: 2, skipped: 2, failed: 0 });
  }, 120_000);

  it('--canary N migrates the first N alone and stops the run when one of them fails', async () => {
    await bareTenant('can-bad', { clash: true, order: 10 });
    await bareTenant('can-b', { order: 11 });
    await bareTenant('can-c', { order: 12 });
    const run = await cli('migrate', '--only', 'can-bad,can-b,can-c', '--canary', '1', '--json');
    expect(run.code).toBe(1);
    expect(run.json<Report>()).toMatchObject({ ok: false, failed: 1, applied: 0, notRun: 2, stoppedBy: 'canary' });
    expect(await ledger('can-b')).toEqual([]);
  }, 60_000);

  it('refuses bad option values and unknown slugs before migrating anything, with exit code 1', async () => {
    await bareTenant('untouched', { order: 20 });
    for (const args of [
      ['--canary', 'zero'],
      ['--concurrency', '0'],
      ['--lock-timeout', '1.5'],
    ]) {
      const bad = await cli('migrate', ...args);
      expect(bad.code, args.join(' ')).toBe(1);
      expect(bad.stderr).toMatch(new RegExp(`${args[0]} must be a whole number`));
    }
    const unknown = await cli('migrate', '--only', 'untouched,nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no migratable tenant with slug nobody');
    expect(await ledger('untouched')).toEqual([]);
  }, 60_000);
});
