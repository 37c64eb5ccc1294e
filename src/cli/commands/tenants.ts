// Tenant lifecycle commands: list, create, suspend, activate, archive, delete, backup, resume.
// Each is one call on the gateway's Provisioner or registry (src/tenancy/), which validates input
// before any SQL and announces every change on the ChangeBus.
import { Command, Option } from 'commander';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import type { PrismaClient, Tenant } from '../../generated/prisma/client.js';
import { findTenantById, findTenantBySlug, listTenants } from '../../tenancy/registry.js';
import { isUuid, TENANT_PLANS, TENANT_STATUSES, type TenantPlan } from '../../vocabulary.js';
import type { AuditActor } from '../../control-plane/audit.js';
import { operatorActor, withOperator, type Operator } from '../operator.js';
import { print, printJson, table, TENANT_HEAD, tenantJson, tenantRow } from '../output.js';

/** A tenant named by slug or id (what operators have at hand). */
export async function findTenant(control: PrismaClient, ref: string): Promise<Tenant> {
  const tenant = isUuid(ref) ? await findTenantById(control, ref) : await findTenantBySlug(control, ref);
  if (!tenant) throw new NotFoundError(`Tenant "${ref}"`);
  return tenant;
}

async function allTenants(control: PrismaClient, status?: string): Promise<Tenant[]> {
  const all: Tenant[] = [];
  for (let after: string | undefined; ;) {
    const page = await listTenants(control, { status, first: 100, after });
    all.push(...page.tenants);
    if (!page.hasNextPage) return all;
    after = page.tenants[page.tenants.length - 1]!.id;
  }
}

function showTenant(tenant: Tenant, json: boolean, verb: string): void {
  if (json) printJson(tenantJson(tenant));
  else print(`${verb} ${tenant.slug} (${tenant.id}): ${tenant.status}, schema ${tenant.schemaName}`);
}

const verbose = (cmd: Command) => Boolean(cmd.optsWithGlobals().verbose);
/** The operator running a command (--actor, else the OS user), for the audit entry its change writes. */
export const actor = (cmd: Command) => operatorActor(cmd.optsWithGlobals().actor as string | undefined);

export function tenantCommands(program: Command): void {
  program
    .command('list')
    .description('list tenants, oldest first')
    .addOption(new Option('--status <status>', 'only tenants in this state').choices(TENANT_STATUSES))
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const tenants = await allTenants(services.clients.control(), opts.status);
        if (opts.json) printJson(tenants.map(tenantJson));
        else print(tenants.length ? table(TENANT_HEAD, tenants.map(tenantRow)) : 'no tenants');
      });
    });

  program
    .command('create')
    .description('create a tenant and provision its schema (ACTIVE when this returns)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--slug <slug>', 'DNS label: served at <slug>.<BASE_DOMAIN>')
    .option('--schema <schema>', 'schema name (default tenant_<slug>)')
    .addOption(new Option('--plan <plan>', 'billing plan').choices(TENANT_PLANS))
    .option('--domain <domain>', 'primary custom domain (trusted: verified at creation)')
    .option('--json', 'print the tenant as JSON')
    .action(
      async (
        opts: { name: string; slug: string; schema?: string; plan?: TenantPlan; domain?: string; json?: boolean },
        cmd: Command,
      ) => {
        await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
          const tenant = await services.provisioner.createTenant(
            {
              name: opts.name,
              slug: opts.slug,
              schemaName: opts.schema,
              plan: opts.plan,
              domain: opts.domain,
            },
            { actor: actor(cmd) },
          );
          showTenant(tenant, Boolean(opts.json), 'created');
        });
      },
    );

  const change = (
    name: string,
    description: string,
    verb: string,
    run: (
      p: Operator['services']['provisioner'],
      t: Tenant,
      reason: string | undefined,
      by: AuditActor,
    ) => Promise<Tenant>,
    reason = false,
  ) => {
    const command = program
      .command(name)
      .description(description)
      .argument('<tenant>', 'slug or id')
      .option('--json', 'print the tenant as JSON');
    if (reason) command.option('--reason <text>', "why (kept in the tenant's metadata)");
    command.action(async (ref: string, opts: { json?: boolean; reason?: string }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const tenant = await findTenant(services.clients.control(), ref);
        showTenant(await run(services.provisioner, tenant, opts.reason, actor(cmd)), Boolean(opts.json), verb);
      });
    });
  };
  change(
    'suspend',
    'suspend a tenant: its hosts answer 403 TENANT_SUSPENDED',
    'suspended',
    (p, t, why, by) => p.suspendTenant(t.id, why, by),
    true,
  );
  change('activate', 'activate a suspended tenant', 'activated', (p, t, _why, by) => p.activateTenant(t.id, by));
  change(
    'archive',
    'archive a tenant: schema renamed to archive_…, hosts answer 404',
    'archived',
    (p, t, why, by) => p.archiveTenant(t.id, why, by),
    true,
  );

  program
    .command('delete')
    .description('delete a tenant: drops its schema, its backups and its row; needs --force')
    .argument('<tenant>', 'slug or id')
    .option('--force', 'yes, drop the schema and every row in it')
    .option('--keep-backups', "keep the tenant's backups (then listed by `backups --orphans`)")
    .action(async (ref: string, opts: { force?: boolean; keepBackups?: boolean }, cmd: Command) => {
      if (!opts.force) {
        throw new BadUserInputError(
          `Refusing to delete "${ref}" without --force: this drops the tenant's schema and all its data (take a backup first).`,
          { field: 'force' },
        );
      }
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const tenant = await findTenant(services.clients.control(), ref);
        const kept = opts.keepBackups ? await services.backups.list(tenant.id) : [];
        await services.provisioner.deleteTenant(tenant.id, {
          keepBackups: Boolean(opts.keepBackups),
          actor: actor(cmd),
        });
        print(`deleted ${tenant.slug} (${tenant.id}): schema ${tenant.schemaName} dropped`);
        if (opts.keepBackups)
          print(`kept ${kept.length} backup(s) as orphans: ${kept.map((b) => b.schemaName).join(', ') || 'none'}`);
      });
    });

  program
    .command('backup')
    .description(
      "copy a tenant's schema into a recorded backup_<schema>_<time> (one snapshot, self-contained); prunes beyond retention",
    )
    .argument('<tenant>', 'slug or id')
    .option('--reason <text>', 'why (kept with the backup)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean; reason?: string }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const tenant = await findTenant(services.clients.control(), ref);
        const backup = await services.provisioner.backupTenant(tenant.id, {
          reason: opts.reason,
          createdBy: 'cli',
          actor: actor(cmd),
        });
        if (opts.json) printJson({ tenant: tenant.slug, ...backup, createdAt: backup.createdAt.toISOString() });
        else
          print(
            `backed up ${tenant.slug} to schema ${backup.schemaName} (backup ${backup.id}, ${backup.tables.length} tables: ${backup.tables.join(', ')})`,
          );
      });
    });

  program
    .command('resume')
    .description('finish tenants left PENDING by an interrupted create (ones being created now are left alone)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const report = await services.provisioner.resumePending();
        const out = { completed: report.completed.map((t) => t.slug), removed: report.removed, failed: report.failed };
        if (opts.json) printJson(out);
        else {
          print(`${out.completed.length} completed, ${out.removed.length} removed, ${out.failed.length} failed`);
          for (const f of out.failed) print(`  ${f.slug}: ${f.error}`);
        }
        if (out.failed.length) process.exitCode = 1;
      });
    });
}
