// `doctor`: read-only health checks of a deployment. Each check says what it looked at and lists
// what is wrong (problems) or merely worth knowing (notes); the command exits 1 on any problem.
// Nothing here writes to the database.
import type pg from 'pg';
import type { Config } from '../../config.js';
import { auditLedgers, ledgerIsCurrent, type LedgerStatus } from '../../db/ledger-audit.js';
import { CONTROL_SQL_DIR, TENANT_SQL_DIR, migrationFiles, type MigrationFile } from '../../db/migration-files.js';
import { serverFacts, type ServerFacts } from '../../db/server-facts.js';
import { slugsBeingProvisioned } from './provisioning-lock.js';
import { tenantOverview } from '../../control-plane/stores/tenants-store.js';
import { encryptedSettingsPerKey } from '../../control-plane/stores/settings-store.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  summary: string;
  problems: string[];
  notes: string[];
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

export interface DoctorDeps {
  pool: pg.Pool;
  /** The configuration as the environment gives it (before development secrets are generated). */
  configured: Config;
  /** What the gateway runs with (development secrets filled in). */
  effective: Config;
  controlFiles?: MigrationFile[];
  tenantFiles?: MigrationFile[];
}

interface TenantRef {
  slug: string;
  status: string;
  schema_name: string;
  age_seconds: number;
}

const MAX_LISTED = 20;

function check(name: string, summary: string, problems: string[] = [], notes: string[] = []): DoctorCheck {
  const listed =
    problems.length > MAX_LISTED
      ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`]
      : problems;
  return { name, ok: problems.length === 0, summary, problems: listed, notes };
}

function describeLedger(s: LedgerStatus): string {
  if (!s.schemaExists) return 'schema is missing';
  const parts = [
    !s.hasLedger && 'no migration ledger',
    s.pending.length && `pending ${s.pending.join(', ')}`,
    s.drifted.length && `checksum drift in ${s.drifted.join(', ')} (an applied file was edited)`,
    s.unknown.length && `ledger names files this build does not have: ${s.unknown.join(', ')}`,
  ].filter(Boolean);
  return parts.join('; ');
}

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  let facts: ServerFacts;
  try {
    facts = await serverFacts(deps.pool);
  } catch (err) {
    return { ok: false, checks: [check('database', 'not reachable', [(err as Error).message])] };
  }
  const checks = [
    check(
      'database',
      `PostgreSQL ${facts.version}, database ${facts.database}, ${facts.openConnections}/${facts.maxConnections} connections open`,
    ),
    await controlPlaneCheck(deps),
  ];
  if (!checks[1]!.problems.some((p) => p.includes('public.schema_migrations is missing'))) {
    const tenants: TenantRef[] = await tenantOverview(deps.pool);
    checks.push(
      await tenantSchemasCheck(deps, tenants),
      await pendingTenantsCheck(deps, tenants),
      await keysCheck(deps),
    );
  }
  checks.push(poolCheck(deps.configured, facts));
  return { ok: checks.every((c) => c.ok), checks };
}

async function controlPlaneCheck(deps: DoctorDeps): Promise<DoctorCheck> {
  const files = deps.controlFiles ?? migrationFiles(CONTROL_SQL_DIR);
  const status = (await auditLedgers(deps.pool, ['public'], files)).get('public')!;
  if (!status.hasLedger)
    return check('control plane', 'not migrated', [
      'public.schema_migrations is missing: start the gateway or run `migrate`',
    ]);
  const problem = ledgerIsCurrent(status) ? [] : [`public: ${describeLedger(status)}`];
  return check(
    'control plane',
    `${files.length} migration files, ${files.length - status.pending.length} applied`,
    problem,
  );
}

async function tenantSchemasCheck(deps: DoctorDeps, tenants: TenantRef[]): Promise<DoctorCheck> {
  const files = deps.tenantFiles ?? migrationFiles(TENANT_SQL_DIR);
  const live = tenants.filter((t) => t.status === 'active' || t.status === 'suspended');
  const archived = tenants.filter((t) => t.status === 'archived');
  const audit = await auditLedgers(
    deps.pool,
    [...live, ...archived].map((t) => t.schema_name),
    files,
  );
  const problems: string[] = [];
  for (const t of live) {
    const s = audit.get(t.schema_name)!;
    if (!ledgerIsCurrent(s)) problems.push(`${t.slug} (${t.schema_name}): ${describeLedger(s)}`);
  }
  // Archived schemas are frozen records: only their existence matters.
  for (const t of archived) {
    if (!audit.get(t.schema_name)!.schemaExists)
      problems.push(`${t.slug} (archived, ${t.schema_name}): schema is missing`);
  }
  const hint = problems.some((p) => p.includes('pending')) ? ['run `migrate` to apply pending files'] : [];
  return check(
    'tenant schemas',
    `${live.length} active/suspended and ${archived.length} archived tenants against ${files.length} tenant-sql files`,
    problems,
    hint,
  );
}

async function pendingTenantsCheck(deps: DoctorDeps, tenants: TenantRef[]): Promise<DoctorCheck> {
  const pending = tenants.filter((t) => t.status === 'pending');
  const alive = await slugsBeingProvisioned(
    deps.pool,
    pending.map((t) => t.slug),
  );
  const abandoned = pending.filter((t) => !alive.has(t.slug));
  return check(
    'pending tenants',
    `${pending.length} pending (${alive.size} being created right now)`,
    abandoned.map(
      (t) =>
        `${t.slug}: left PENDING by an interrupted create ${t.age_seconds} s ago (run \`resume\`, or create the slug again)`,
    ),
  );
}

async function keysCheck(deps: DoctorDeps): Promise<DoctorCheck> {
  const { configured, effective } = deps;
  const problems: string[] = [];
  const notes: string[] = [];
  const jwt = configured.jwt;
  const jwtSources = [
    jwt.secret && 'JWT_SECRET',
    jwt.publicKey && 'JWT_PUBLIC_KEY',
    jwt.jwksUrl && 'JWT_JWKS_URL',
  ].filter(Boolean);
  const generated = configured.env === 'development' ? 'generated development secrets in DATA_DIR' : null;
  if (!jwtSources.length && !generated)
    problems.push('no JWT key: set JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL (every token is refused)');
  if (!configured.encryptionKeys?.length && !generated)
    problems.push('no SETTINGS_ENCRYPTION_KEYS: encrypted settings cannot be written or read');
  if (generated && (!jwtSources.length || !configured.encryptionKeys?.length))
    notes.push(`using ${generated} (production needs real keys)`);

  const keyIds = (effective.encryptionKeys ?? []).map((k) => k.id);
  const rows = await encryptedSettingsPerKey(deps.pool);
  for (const r of rows) {
    if (!keyIds.includes(r.key_id))
      problems.push(
        `${r.n} encrypted settings under key "${r.key_id}", which is not in SETTINGS_ENCRYPTION_KEYS: they cannot be decrypted`,
      );
    else if (r.key_id !== keyIds[0])
      notes.push(`${r.n} encrypted settings under older key "${r.key_id}": run \`settings reencrypt\``);
  }
  const summary = `JWT: ${jwtSources.join(', ') || generated || 'none'}; encryption keys: ${configured.encryptionKeys?.map((k) => k.id).join(', ') || generated || 'none'}`;
  return check('keys', summary, problems, notes);
}

function poolCheck(config: Config, facts: ServerFacts): DoctorCheck {
  const { poolMax, maxLifetimeSeconds } = config.database;
  const usable = facts.maxConnections - facts.reservedConnections;
  const problems: string[] = [];
  if (poolMax > usable) {
    problems.push(
      `DATABASE_POOL_MAX=${poolMax} is above what the server allows ordinary roles (max_connections ${facts.maxConnections} − ${facts.reservedConnections} reserved = ${usable})`,
    );
  }
  if (maxLifetimeSeconds === 0) {
    problems.push(
      'DATABASE_POOL_MAX_LIFETIME_SECONDS=0: connections live forever and each caches the catalog of every tenant schema it touched; set a lifetime (default 300)',
    );
  }
  const notes = [
    `each gateway replica opens up to ${poolMax} connections (plus 1 for change notifications): replicas × ${poolMax + 1} must stay under ${usable}`,
  ];
  if (facts.openConnections > usable * 0.9)
    problems.push(`${facts.openConnections} of ${usable} usable connections are open right now`);
  return check(
    'pool',
    `DATABASE_POOL_MAX=${poolMax}, max lifetime ${maxLifetimeSeconds} s; server max_connections ${facts.maxConnections}`,
    problems,
    notes,
  );
}
