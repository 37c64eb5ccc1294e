// The lifecycle commands as an operator runs them (spawned): backup, backups, restore, prune,
// delete --keep-backups, backups --orphans, clone, archive/unarchive, purge (with a dry run).
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueSlug } from '../../helpers/api.js';
import { cliOn } from '../../helpers/cli.js';
import { useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();
let cli: ReturnType<typeof cliOn>;
beforeAll(() => {
  cli = cliOn(db.current.url);
});

const q = (sql: string, params: unknown[] = []) => db.current.pool.query(sql, params);

/** A backup as the CLI prints it with --json (the fields these tests read). */
interface BackupJson {
  id: string;
  schemaName: string;
}

describe('tenant-gateway backup commands', () => {
  it('backup, backups, restore, prune and delete --keep-backups, then backups --orphans', async () => {
    const slug = uniqueSlug('bcli');
    expect((await cli('create', '--name', 'B', '--slug', slug)).code).toBe(0);
    await q(`INSERT INTO tenant_${slug}.users (email) VALUES ('one@b.test')`);
    const first = await cli('backup', slug, '--reason', 'before import', '--json');
    expect(first.code, first.stderr).toBe(0);
    const b1 = first.json<BackupJson>();
    expect(b1).toMatchObject({
      tenant: slug,
      reason: 'before import',
      createdBy: 'cli',
      kind: 'manual',
      rowCounts: { users: 1 },
    });
    await q(`INSERT INTO tenant_${slug}.users (email) VALUES ('two@b.test')`);
    const second = (await cli('backup', slug, '--json')).json<BackupJson>();

    const table = await cli('backups', slug);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID\s+TENANT\s+SCHEMA\s+KIND\s+CREATED\s+SIZE\s+ROWS\s+VERSION\s+REASON$/,
    );
    expect(table.stdout).toContain(b1.id);
    expect((await cli('backups', slug, '--json')).json<BackupJson[]>().map((b) => b.id)).toEqual([second.id, b1.id]);

    const restored = await cli('restore', b1.id, '--json');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.json()).toMatchObject({
      tenant: slug,
      rowCounts: { users: 1 },
      replacedBackup: { kind: 'pre-restore' },
    });
    expect((await q(`SELECT email::text FROM tenant_${slug}.users`)).rows).toEqual([{ email: 'one@b.test' }]);

    const dry = await cli('prune', slug, '--keep', '1', '--dry-run', '--json');
    expect(dry.json<{ removed: BackupJson[] }>().removed).toHaveLength(2);
    expect((await cli('backups', slug, '--json')).json()).toHaveLength(3);
    const pruned = await cli('prune', slug, '--keep', '1', '--older-than', '0m');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/^removed 2 backup\(s\)/);
    const kept = (await cli('backups', slug, '--json')).json<BackupJson[]>();
    expect(kept).toHaveLength(1);

    const bad = await cli('prune', slug, '--older-than', 'yesterday');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('older-than must be a date');

    const deleted = await cli('delete', slug, '--force', '--keep-backups');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`kept 1 backup(s) as orphans: ${kept[0]!.schemaName}`);
    const orphans = (await cli('backups', '--orphans', '--json')).json();
    expect(orphans).toContainEqual(expect.objectContaining({ id: kept[0]!.id, tenantId: null, tenantSlug: slug }));
    expect((await cli('delete-backup', kept[0]!.id)).code).toBe(0);
  }, 300_000);

  it('clone, archive, unarchive and purge --archived-before with a dry run', async () => {
    const slug = uniqueSlug('pcli');
    expect((await cli('create', '--name', 'P', '--slug', slug)).code).toBe(0);
    await q(`INSERT INTO tenant_${slug}.users (email) VALUES ('p@p.test')`);
    const copy = uniqueSlug('copy');
    const cloned = await cli('clone', slug, '--slug', copy, '--json');
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(cloned.json()).toMatchObject({ tenant: copy, rowCounts: { users: 1 } });

    expect((await cli('archive', slug)).code).toBe(0);
    const back = await cli('unarchive', slug, '--json');
    expect(back.json()).toMatchObject({ slug, status: 'active', schemaName: `tenant_${slug}` });
    expect((await cli('backup', slug)).code).toBe(0);
    expect((await cli('archive', copy)).code).toBe(0);
    expect((await cli('archive', slug)).code).toBe(0);

    const dry = await cli('purge', '--archived-before', '0m', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const plan = dry.json<{ tenants: { slug: string; backups: unknown[] }[] }>();
    expect(plan.tenants.map((t) => t.slug)).toEqual(expect.arrayContaining([slug, copy]));
    expect(plan.tenants.find((t) => t.slug === slug)!.backups).toHaveLength(1);
    expect((await q('SELECT count(*)::int AS n FROM tenants WHERE slug = ANY($1)', [[slug, copy]])).rows[0].n).toBe(2);

    const purged = await cli('purge', '--archived-before', '0m');
    expect(purged.code, purged.stderr).toBe(0);
    expect(purged.stdout).toMatch(/^deleted \d+ archived tenant\(s\)/);
    expect((await q('SELECT count(*)::int AS n FROM tenants WHERE slug = ANY($1)', [[slug, copy]])).rows[0].n).toBe(0);
    expect(
      (await q(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE $1`, [`%${slug.replaceAll('-', '_')}%`]))
        .rows[0].n,
    ).toBe(0);
  }, 300_000);
});
