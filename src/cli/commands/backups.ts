// Backup and lifecycle commands: backups, restore, prune, delete-backup, clone, unarchive, purge.
// Thin like the others: parse, call src/tenancy/lifecycle/backups.ts or the Provisioner, print.
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { exportTenant, importTenant, type Progress } from '../../tenancy/lifecycle/export-import.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import type { BackupRecord } from '../../tenancy/lifecycle/backups.js';
import { isUuid } from '../../vocabulary.js';
import { withOperator } from '../operator.js';
import { print, printJson, table } from '../output.js';
import { actor, findTenant } from './tenants.js';
import { tenantsArchivedBefore } from '../../control-plane/stores/tenants-store.js';

const verbose = (cmd: Command) => Boolean(cmd.optsWithGlobals().verbose);

/** `2026-01-31` / an ISO time → that moment; `30d`, `12h`, `90m`, `2w` → that long ago. */
export function parseMoment(text: string, field: string, now = Date.now()): Date {
  const ago = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (ago) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[ago[2] as 'm' | 'h' | 'd' | 'w'];
    return new Date(now - Number(ago[1]) * unit);
  }
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())
    ? new Date(text.trim())
    : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new BadUserInputError(
      `${field} must be a date (2026-01-31, an ISO time) or an age (90m, 12h, 30d, 2w); got "${text}"`,
      { field },
    );
  }
  return at;
}

function parseKeep(text: string): number {
  if (!/^\d{1,3}$/.test(text))
    throw new BadUserInputError(`--keep must be a whole number from 0 to 100; got "${text}"`, { field: 'keep' });
  return Number(text);
}

export function backupJson(b: BackupRecord) {
  return { ...b, createdAt: b.createdAt.toISOString() };
}

const BACKUP_HEAD = ['ID', 'TENANT', 'SCHEMA', 'KIND', 'CREATED', 'SIZE', 'ROWS', 'VERSION', 'REASON'];
function backupRow(b: BackupRecord): string[] {
  const rows = Object.values(b.rowCounts).reduce((a, n) => a + n, 0);
  return [
    b.id,
    b.tenantSlug,
    b.schemaName,
    b.kind,
    b.createdAt.toISOString().slice(0, 19).replace('T', ' '),
    `${(b.sizeBytes / 1024).toFixed(0)} kB`,
    String(rows),
    b.migrationVersion ?? '',
    b.reason ?? '',
  ];
}

function showBackups(list: BackupRecord[], json: boolean, empty: string): void {
  if (json) printJson(list.map(backupJson));
  else print(list.length ? table(BACKUP_HEAD, list.map(backupRow)) : empty);
}

/** A progress bar on stderr when it is a terminal; nothing otherwise (pipes and CI logs stay clean). */
function rowsProgress(label: string): Progress | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`,
    hideCursor: true,
  });
  return { start: (total) => bar.start(Math.max(total, 1), 0), add: (n) => bar.increment(n), stop: () => bar.stop() };
}

export function backupCommands(program: Command): void {
  program
    .command('export')
    .description('write a tenant (schema version, every row, settings, members) to one portable, streamed file')
    .argument('<tenant>', 'slug or id')
    .requiredOption('--out <file>', 'file to write (must not exist)')
    .option('--no-secrets', 'leave encrypted settings out (otherwise they stay encrypted)')
    .option('--json', 'print a JSON summary (tables with rows and checksums, bytes, peak RSS)')
    .action(async (ref: string, opts: { out: string; secrets: boolean; json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const tenant = await findTenant(services.clients.control(), ref);
        const s = await exportTenant(services.db.pool, tenant, opts.out, {
          noSecrets: !opts.secrets,
          progress: rowsProgress('export'),
        });
        if (opts.json) printJson(s);
        else
          print(
            `exported ${s.tenant} to ${s.file}: ${Object.values(s.tables).reduce((a, t) => a + t.rows, 0)} rows in ${Object.keys(s.tables).length} tables, ${s.settings} settings, ${s.members} members, ${s.bytes} bytes (secrets ${s.secrets}; peak RSS ${s.peakRssMb} MB)`,
          );
      });
    });

  program
    .command('import')
    .description(
      'create a tenant from an export file (verified first: a truncated or changed file is refused and nothing is created)',
    )
    .argument('<file>', 'export file')
    .requiredOption('--slug <slug>', "the new tenant's slug")
    .option('--name <name>', "the new tenant's name (default: the exported one)")
    .option('--json', 'print a JSON summary')
    .action(async (file: string, opts: { slug: string; name?: string; json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const s = await importTenant(
          { pool: services.db.pool, provisioner: services.provisioner, cipher: services.cipher },
          file,
          { slug: opts.slug, name: opts.name },
          { progress: rowsProgress('import') },
        );
        if (opts.json) printJson(s);
        else
          print(
            `imported ${s.file} as ${s.tenant} (${s.tenantId}): ${Object.values(s.tables).reduce((a, t) => a + t.rows, 0)} rows in ${Object.keys(s.tables).length} tables verified, ${s.settings} settings, ${s.members} members (peak RSS ${s.peakRssMb} MB)`,
          );
      });
    });

  program
    .command('backups')
    .description(
      "list a tenant's backups, newest first (or, with --orphans, those kept after their tenant was deleted)",
    )
    .argument('[tenant]', 'slug or id')
    .option('--orphans', 'list backups whose tenant was deleted with --keep-backups')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { orphans?: boolean; json?: boolean }, cmd: Command) => {
      if (!ref && !opts.orphans) throw new BadUserInputError('Name a tenant, or give --orphans.', { field: 'tenant' });
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        if (opts.orphans) return showBackups(await services.backups.orphans(), Boolean(opts.json), 'no orphan backups');
        const tenant = await findTenant(services.clients.control(), ref!);
        showBackups(await services.backups.list(tenant.id), Boolean(opts.json), `no backups of ${tenant.slug}`);
      });
    });

  program
    .command('restore')
    .description('restore a tenant from one of its backups without downtime (the replaced schema becomes a backup)')
    .argument('<backup>', 'backup id (see `backups <tenant>`)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const r = await services.backups.restore(id, { createdBy: 'cli', actor: actor(cmd) });
        if (opts.json)
          printJson({
            tenant: r.tenant.slug,
            schemaName: r.tenant.schemaName,
            replacedBackup: r.replaced && backupJson(r.replaced),
            migrated: r.migrated,
            rowCounts: r.rowCounts,
          });
        else
          print(
            `restored ${r.tenant.slug} from backup ${id}; the replaced schema is backup ${r.replaced?.id} (${r.replaced?.schemaName})${r.migrated.length ? `; migrated forward: ${r.migrated.join(', ')}` : ''}`,
          );
      });
    });

  program
    .command('prune')
    .description(
      "remove a tenant's backups beyond the newest N (default: its retention) and, with --older-than, only those older",
    )
    .argument('<tenant>', 'slug or id')
    .option('--keep <n>', 'newest backups to keep')
    .option('--older-than <when>', 'only backups taken before this date or age (30d, 12h, 2026-01-31)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--json', 'print JSON')
    .action(
      async (
        ref: string,
        opts: { keep?: string; olderThan?: string; dryRun?: boolean; json?: boolean },
        cmd: Command,
      ) => {
        const keep = opts.keep === undefined ? undefined : parseKeep(opts.keep);
        const olderThan = opts.olderThan === undefined ? undefined : parseMoment(opts.olderThan, 'older-than');
        await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
          const tenant = await findTenant(services.clients.control(), ref);
          const removed = await services.backups.prune(tenant.id, { keep, olderThan, dryRun: opts.dryRun });
          if (opts.json)
            printJson({ tenant: tenant.slug, dryRun: Boolean(opts.dryRun), removed: removed.map(backupJson) });
          else {
            print(`${opts.dryRun ? 'would remove' : 'removed'} ${removed.length} backup(s) of ${tenant.slug}`);
            for (const b of removed) print(`  ${b.id}  ${b.schemaName}  ${b.createdAt.toISOString()}`);
          }
        });
      },
    );

  program
    .command('delete-backup')
    .description('drop one backup (its schema and its record)')
    .argument('<backup>', 'backup id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const b = await services.backups.delete(id, { actor: actor(cmd) });
        print(`deleted backup ${b.id} (${b.schemaName}) of ${b.tenantSlug}`);
      });
    });

  program
    .command('clone')
    .description('create a new tenant from a backup (backup id) or from a live tenant (slug or id, one snapshot)')
    .argument('<source>', 'backup id, or tenant slug or id')
    .requiredOption('--slug <slug>', "the new tenant's slug")
    .option('--name <name>', 'the new tenant\'s name (default: "<source name> (copy)")')
    .option('--json', 'print JSON')
    .action(async (source: string, opts: { slug: string; name?: string; json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const backup = isUuid(source) ? await services.backups.find(source) : null;
        const from = backup
          ? { backupId: backup.id }
          : { tenantId: (await findTenant(services.clients.control(), source)).id };
        const r = await services.backups.clone(from, { slug: opts.slug, name: opts.name }, { actor: actor(cmd) });
        if (opts.json)
          printJson({
            tenant: r.tenant.slug,
            id: r.tenant.id,
            schemaName: r.tenant.schemaName,
            migrated: r.migrated,
            rowCounts: r.rowCounts,
          });
        else print(`cloned ${source} into ${r.tenant.slug} (${r.tenant.id}), schema ${r.tenant.schemaName}`);
      });
    });

  program
    .command('unarchive')
    .description('bring an archived tenant back: schema renamed back, status active, hosts routed again')
    .argument('<tenant>', 'slug or id')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const tenant = await findTenant(services.clients.control(), ref);
        const back = await services.provisioner.unarchiveTenant(tenant.id, actor(cmd));
        if (opts.json) printJson({ id: back.id, slug: back.slug, status: back.status, schemaName: back.schemaName });
        else print(`unarchived ${back.slug} (${back.id}): ${back.status}, schema ${back.schemaName}`);
      });
    });

  program
    .command('purge')
    .description('delete tenants archived before a date, with their backups, and orphan backups taken before it')
    .requiredOption('--archived-before <when>', 'a date or age (2026-01-31, 90d)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--json', 'print JSON')
    .action(async (opts: { archivedBefore: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const before = parseMoment(opts.archivedBefore, 'archived-before');
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const rows = await tenantsArchivedBefore(services.db.pool, before);
        const tenants = [];
        for (const r of rows)
          tenants.push({
            id: r.id,
            slug: r.slug,
            schemaName: r.schema_name,
            archivedAt: r.archived_at,
            backups: (await services.backups.list(r.id)).map((b) => b.schemaName),
          });
        const orphans = (await services.backups.orphans()).filter((b) => b.createdAt < before);
        if (!opts.dryRun) {
          for (const t of tenants)
            await services.provisioner.deleteTenant(t.id, { actor: actor(cmd) }).catch((err: Error) => {
              if (!(err instanceof NotFoundError)) throw err;
            });
          for (const b of orphans)
            await services.backups.delete(b.id, { actor: actor(cmd) }).catch((err: Error) => {
              if (!(err instanceof NotFoundError)) throw err;
            });
        }
        const out = {
          dryRun: Boolean(opts.dryRun),
          archivedBefore: before.toISOString(),
          tenants,
          orphanBackups: orphans.map((b) => b.schemaName),
        };
        if (opts.json) printJson(out);
        else {
          const verb = opts.dryRun ? 'would delete' : 'deleted';
          print(`${verb} ${tenants.length} archived tenant(s) and ${orphans.length} orphan backup(s)`);
          for (const t of tenants)
            print(
              `  tenant ${t.slug} (${t.id}) archived ${t.archivedAt}, schema ${t.schemaName}, backups: ${t.backups.join(', ') || 'none'}`,
            );
          for (const b of orphans) print(`  orphan backup ${b.schemaName} of ${b.tenantSlug}`);
        }
      });
    });
}
