import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../helpers/database.js';

const db = useTestDatabase();

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/migrate-tenants.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: db.current.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

/** A registered tenant whose schema exists but has never been migrated (or holds a clashing table). */
async function bareTenant(slug: string, clash = false) {
  const schema = `tenant_${slug.replaceAll('-', '_')}`;
  await db.current.pool.query(`CREATE SCHEMA ${schema}${clash ? `; CREATE TABLE ${schema}.users (id int)` : ''}`);
  await db.current.pool.query(`INSERT INTO tenants (name, slug, schema_name, status) VALUES ($1, $1, $2, 'active')`, [
    slug,
    schema,
  ]);
}

describe('npm run migrate:tenants', () => {
  it('migrates every tenant, reports failures with exit code 1, and resumes on the next run', async () => {
    await bareTenant('cli-a');
    await bareTenant('cli-b', true);
    await bareTenant('cli-c');
    const first = await cli(['--concurrency', '2']);
    expect(first.code, first.out).toBe(1);
    expect(first.out).toMatch(/cli-a: applied 0001_tenant_tables\.sql/);
    expect(first.out).toMatch(/cli-b: failed.*already exists/);
    expect(first.out).toContain('3 tenants: 2 migrated, 0 already current, 1 failed');

    const second = await cli(['--except', 'cli-b']);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('2 tenants: 0 migrated, 2 already current, 0 failed');
  }, 60_000);

  it('refuses bad arguments and unknown slugs with a message and exit code 1', async () => {
    const bad = await cli(['--canary', 'zero']);
    expect(bad).toMatchObject({ code: 1, out: expect.stringContaining('--canary must be a whole number') });
    const unknown = await cli(['--only', 'nobody']);
    expect(unknown).toMatchObject({ code: 1, out: expect.stringContaining('no migratable tenant with slug nobody') });
  }, 60_000);
});
