// Portable tenant export and import: one streamed NDJSON file.
//
//   {"type":"header", format, version, tenant{…}, migrations[], tables[{name, columns, rows}], secrets}
//   {"type":"row","t":"<table>","r":{…row_to_json…}}          one per row, tables in foreign-key order
//   {"type":"setting", valueType, …}                           tenant_settings (encrypted values stay ciphertext;
//                                                              left out with noSecrets)
//   {"type":"member", email, name, role, status, …}            tenant_users with their account's email
//   {"type":"end", counts{table:n}, checksums{table:md5}, sha256}
//
// `sha256` covers every byte before the end line: a truncated file has no end line (or a wrong
// hash), a changed one a wrong hash; both are refused by a first pass over the file before anything
// is created. Checksums per table are md5 over the sorted md5s of each row's JSON (UTC), computed in
// the database on both sides, so an import proves it holds exactly the rows that were exported.
// The hash detects corruption and accidental or naive edits; it is not a signature.
// Memory stays flat: rows are read through a cursor in batches and written as they come, and an
// import reads the file line by line and inserts in batches.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { TENANT_SQL_DIR, migrationFiles } from '../../db/migration-files.js';
import { LEDGER_TABLE } from '../../db/migrator.js';
import { inTransaction } from '../../db/transaction.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import type { Tenant } from '../../generated/prisma/client.js';
import { quoteIdent } from '../names.js';
import { limitsOf, stored, TENANT_PLANS } from '../../vocabulary.js';
import { insertSetting, settingsForExport } from '../../control-plane/stores/settings-store.js';
import {
  insertAccountIfMissing,
  insertMembershipByEmail,
  membersForExport,
} from '../../control-plane/stores/members-store.js';
import type { Provisioner } from './provisioner.js';
import type { SettingsCipher } from '../../control-plane/settings-crypto.js';

export const EXPORT_FORMAT = 'tenant-gateway-export';
export const EXPORT_VERSION = 1;
const BATCH = 1000;

export interface TableSummary {
  rows: number;
  checksum: string;
}

export interface TransferSummary {
  tenant: string;
  file: string;
  bytes: number;
  tables: Record<string, TableSummary>;
  settings: number;
  members: number;
  secrets: 'encrypted' | 'omitted';
  durationMs: number;
  /** Peak resident set size of this process, in MB (process.resourceUsage().maxRSS). */
  peakRssMb: number;
}

export interface Progress {
  start(total: number): void;
  add(n: number): void;
  stop(): void;
}
const NO_PROGRESS: Progress = { start: () => undefined, add: () => undefined, stop: () => undefined };

export class ImportRefusedError extends BadUserInputError {
  constructor(reason: string) {
    super(`The export file is refused (nothing was created): ${reason}`, { field: 'file' });
  }
}

/** Tables of a schema (ledger excluded), parents before children by foreign key. */
async function tablesInOrder(db: Pick<pg.PoolClient, 'query'>, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string; parents: string[] | null }>(
    `SELECT c.relname::text AS name,
            array_agg(DISTINCT p.relname::text) FILTER (WHERE p.relname IS NOT NULL AND p.oid <> c.oid) AS parents
       FROM pg_class c LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'
       LEFT JOIN pg_class p ON p.oid = k.confrelid
      WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' AND c.relname <> $2
      GROUP BY c.relname ORDER BY c.relname`,
    [schema, LEDGER_TABLE],
  );
  const order: string[] = [];
  const pending = new Map(rows.map((r) => [r.name, new Set(r.parents ?? [])]));
  while (pending.size) {
    const ready = [...pending].filter(([, parents]) => [...parents].every((p) => !pending.has(p))).map(([n]) => n);
    if (!ready.length) throw new Error(`export: foreign keys form a cycle among ${[...pending.keys()].join(', ')}`);
    for (const n of ready.sort()) {
      order.push(n);
      pending.delete(n);
    }
  }
  return order;
}

async function columnsOf(db: Pick<pg.PoolClient, 'query'>, schema: string, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [schema, table],
  );
  return rows.map((r) => r.name);
}

/** md5 over the sorted md5s of each row's JSON; the caller's session must run with TimeZone UTC. */
export async function tableChecksum(
  db: Pick<pg.PoolClient, 'query'>,
  schema: string,
  table: string,
): Promise<TableSummary> {
  const { rows } = await db.query<{ n: number; sum: string | null }>(
    `SELECT count(*)::int AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum
       FROM (SELECT md5(row_to_json(t)::text) AS h FROM ${quoteIdent(schema)}.${quoteIdent(table)} t) x`,
  );
  return { rows: rows[0]!.n, checksum: rows[0]!.sum! };
}

function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

class HashingWriter {
  readonly #hash = createHash('sha256');
  bytes = 0;
  constructor(readonly out: WriteStream) {}
  async line(value: unknown, hashed = true): Promise<void> {
    const text = `${JSON.stringify(value)}\n`;
    if (hashed) this.#hash.update(text);
    this.bytes += Buffer.byteLength(text);
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
  /** Lines already serialised (each ending in a newline). */
  async raw(text: string): Promise<void> {
    if (!text) return;
    this.#hash.update(text);
    this.bytes += Buffer.byteLength(text);
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
  digest(): string {
    return this.#hash.digest('hex');
  }
}

/** Streams one tenant (rows from one snapshot, settings, members) into `file`. */
export async function exportTenant(
  pool: pg.Pool,
  tenant: Tenant,
  file: string,
  opts: { noSecrets?: boolean; progress?: Progress } = {},
): Promise<TransferSummary> {
  const started = performance.now();
  const progress = opts.progress ?? NO_PROGRESS;
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await once(out, 'open');
  const w = new HashingWriter(out);
  try {
    const summary = await inTransaction(
      pool,
      async (client) => {
        await client.query(`SET LOCAL TimeZone = 'UTC'`);
        const schema = tenant.schemaName;
        const tables = await tablesInOrder(client, schema);
        const migrations = (
          await client.query<{ name: string }>(`SELECT name FROM ${quoteIdent(schema)}.${LEDGER_TABLE} ORDER BY name`)
        ).rows.map((r) => r.name);
        const sums: Record<string, TableSummary> = {};
        const described = [];
        for (const t of tables) {
          sums[t] = await tableChecksum(client, schema, t);
          described.push({ name: t, columns: await columnsOf(client, schema, t), rows: sums[t]!.rows });
        }
        await w.line({
          type: 'header',
          format: EXPORT_FORMAT,
          version: EXPORT_VERSION,
          exportedAt: new Date().toISOString(),
          tenant: {
            id: tenant.id,
            name: tenant.name,
            slug: tenant.slug,
            plan: tenant.plan,
            limits: tenant.limits,
            settings: tenant.settings,
            metadata: tenant.metadata,
          },
          migrations,
          tables: described,
          secrets: opts.noSecrets ? 'omitted' : 'encrypted',
        });
        progress.start(described.reduce((a, t) => a + t.rows, 0));
        for (const t of tables) {
          const cursor = `export_${createHash('sha256').update(t).digest('hex').slice(0, 12)}`;
          await client.query(
            `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM ${quoteIdent(schema)}.${quoteIdent(t)} x`,
          );
          for (;;) {
            const { rows } = await client.query<{ j: string }>(`FETCH ${BATCH} FROM ${cursor}`);
            // row_to_json's text goes out as it is: no parse/serialise per row, little garbage.
            const prefix = `{"type":"row","t":${JSON.stringify(t)},"r":`;
            await w.raw(rows.map((r) => `${prefix}${r.j}}\n`).join(''));
            progress.add(rows.length);
            if (rows.length < BATCH) break;
          }
          await client.query(`CLOSE ${cursor}`);
        }
        const settings = await settingsForExport(client, tenant.id, !opts.noSecrets);
        for (const s of settings.rows) await w.line({ ...s, type: 'setting', valueType: s.type });
        const members = await membersForExport(client, tenant.id);
        for (const m of members.rows) await w.line({ ...m, type: 'member' });
        const counts = Object.fromEntries(tables.map((t) => [t, sums[t]!.rows]));
        const checksums = Object.fromEntries(tables.map((t) => [t, sums[t]!.checksum]));
        await w.line(
          {
            type: 'end',
            counts,
            checksums,
            settings: settings.rowCount,
            members: members.rowCount,
            sha256: w.digest(),
          },
          false,
        );
        return { tables: sums, settings: settings.rowCount ?? 0, members: members.rowCount ?? 0 };
      },
      { isolation: 'repeatable read' },
    );
    out.end();
    await once(out, 'finish');
    progress.stop();
    return {
      tenant: tenant.slug,
      file,
      bytes: w.bytes,
      ...summary,
      secrets: opts.noSecrets ? 'omitted' : 'encrypted',
      durationMs: Math.round(performance.now() - started),
      peakRssMb: peakRssMb(),
    };
  } catch (err) {
    out.destroy();
    progress.stop();
    throw err;
  }
}

interface Header {
  type: 'header';
  format: string;
  version: number;
  tenant: {
    id: string;
    name: string;
    slug: string;
    plan: string;
    limits: Record<string, unknown>;
    settings: Record<string, unknown>;
    metadata: Record<string, unknown>;
  };
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number }[];
  secrets: 'encrypted' | 'omitted';
}
interface End {
  type: 'end';
  counts: Record<string, number>;
  checksums: Record<string, string>;
  settings: number;
  members: number;
  sha256: string;
}

async function* lines(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

/** Pass 1: the whole file read once, nothing written: format, hash, structure and counts. */
export async function verifyExportFile(file: string): Promise<{ header: Header; end: End }> {
  const hash = createHash('sha256');
  let header: Header | undefined;
  let end: End | undefined;
  const counted: Record<string, number> = {};
  let settings = 0;
  let members = 0;
  let n = 0;
  try {
    for await (const line of lines(file)) {
      n++;
      if (end) throw new ImportRefusedError(`line ${n} follows the end line`);
      let value: { type?: string; t?: string; r?: unknown };
      try {
        value = JSON.parse(line);
      } catch {
        throw new ImportRefusedError(`line ${n} is not JSON (the file is damaged)`);
      }
      if (value?.type === 'end') {
        end = value as End;
        continue;
      }
      hash.update(`${line}\n`);
      if (n === 1) {
        if (value?.type !== 'header' || (value as Header).format !== EXPORT_FORMAT)
          throw new ImportRefusedError('it is not a tenant-gateway export (no header)');
        if ((value as Header).version !== EXPORT_VERSION)
          throw new ImportRefusedError(
            `format version ${(value as Header).version} is not supported (this gateway reads ${EXPORT_VERSION})`,
          );
        header = value as Header;
        continue;
      }
      if (value?.type === 'row') {
        if (
          typeof value.t !== 'string' ||
          !header!.tables.some((t) => t.name === value.t) ||
          typeof value.r !== 'object' ||
          value.r === null
        ) {
          throw new ImportRefusedError(`line ${n} is a row of a table the header does not list`);
        }
        counted[value.t] = (counted[value.t] ?? 0) + 1;
      } else if (value?.type === 'setting') settings++;
      else if (value?.type === 'member') members++;
      else throw new ImportRefusedError(`line ${n} has an unknown type`);
    }
  } catch (err) {
    if (err instanceof ImportRefusedError) throw err;
    if ((err as { code?: string }).code === 'ENOENT') throw new NotFoundError(`Export file "${file}"`);
    throw err;
  }
  if (!header) throw new ImportRefusedError('the file is empty');
  if (!end) throw new ImportRefusedError('it ends before its end line (truncated)');
  if (end.sha256 !== hash.digest('hex'))
    throw new ImportRefusedError('its content does not match its sha256 (changed or damaged)');
  for (const t of header.tables) {
    if ((counted[t.name] ?? 0) !== end.counts[t.name] || end.counts[t.name] !== t.rows) {
      throw new ImportRefusedError(
        `table ${t.name} has ${counted[t.name] ?? 0} rows, the file says ${end.counts[t.name]}`,
      );
    }
  }
  if (settings !== end.settings || members !== end.members)
    throw new ImportRefusedError('settings or members do not match the end line');
  return { header, end };
}

/** Creates a tenant from an export file: verified first (nothing is created for a bad file), then loaded and checked. */
export async function importTenant(
  deps: {
    pool: pg.Pool;
    provisioner: Pick<Provisioner, 'createTenant' | 'deleteTenant'>;
    cipher: SettingsCipher | null;
  },
  file: string,
  input: { slug: string; name?: string },
  opts: { progress?: Progress; files?: { name: string }[] } = {},
): Promise<TransferSummary & { tenantId: string }> {
  const started = performance.now();
  const progress = opts.progress ?? NO_PROGRESS;
  const { header, end } = await verifyExportFile(file);
  const known = new Set((opts.files ?? migrationFiles(TENANT_SQL_DIR)).map((f) => f.name));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new ImportRefusedError(
      `it was exported at migrations this gateway does not have (${unknown.join(', ')}); upgrade first`,
    );
  const tenant = await deps.provisioner.createTenant({
    name: input.name ?? header.tenant.name,
    slug: input.slug, // exported from the CHECK-constrained column; createTenant validates it (and the limits) all the same
    plan: stored(TENANT_PLANS, header.tenant.plan),
    limits: limitsOf(header.tenant.limits),
    settings: header.tenant.settings ?? {},
    metadata: { ...(header.tenant.metadata ?? {}), imported_from: header.tenant.slug },
  });
  try {
    const tables = await inTransaction(deps.pool, async (client) => {
      await client.query(`SET LOCAL TimeZone = 'UTC'`);
      const schema = quoteIdent(tenant.schemaName);
      const local = await tablesInOrder(client, tenant.schemaName);
      const missing = header.tables.map((t) => t.name).filter((t) => !local.includes(t));
      if (missing.length)
        throw new ImportRefusedError(`its tables ${missing.join(', ')} do not exist in this gateway's tenant schema`);
      progress.start(header.tables.reduce((a, t) => a + t.rows, 0));
      let batch: unknown[] = [];
      let batchTable = '';
      const flush = async () => {
        if (!batch.length) return;
        const t = quoteIdent(batchTable);
        await client.query(
          `INSERT INTO ${schema}.${t} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${schema}.${t}, $1::json)`,
          [JSON.stringify(batch)],
        );
        progress.add(batch.length);
        batch = [];
      };
      let n = 0;
      for await (const line of lines(file)) {
        if (++n === 1) continue;
        const value = JSON.parse(line);
        if (value.type === 'row') {
          if (value.t !== batchTable) await flush();
          batchTable = value.t;
          batch.push(value.r);
          if (batch.length >= BATCH) await flush();
          continue;
        }
        await flush();
        if (value.type === 'setting') {
          let stored: string | null = value.value;
          if (value.encrypted && stored !== null) {
            if (!deps.cipher)
              throw new ImportRefusedError(
                `setting ${value.category}.${value.key} is encrypted and this gateway has no SETTINGS_ENCRYPTION_KEYS (export with --no-secrets to leave secrets out)`,
              );
            // Ciphertexts are bound to the tenant id: re-encrypted for the new tenant.
            const plain = deps.cipher.decrypt(stored, {
              tenantId: header.tenant.id,
              category: value.category,
              key: value.key,
            });
            stored = deps.cipher.encrypt(plain, { tenantId: tenant.id, category: value.category, key: value.key });
          }
          await insertSetting(client, tenant.id, { ...value, value: stored, type: value.valueType });
        } else if (value.type === 'member') {
          await insertAccountIfMissing(client, value.email, value.name);
          await insertMembershipByEmail(client, tenant.id, value);
        }
      }
      await flush();
      // Identity and serial columns continue after the imported rows.
      const serials = await client.query<{ seq: string; tbl: string; col: string }>(
        `SELECT pg_get_serial_sequence(quote_ident($1) || '.' || quote_ident(c.relname), a.attname) AS seq, c.relname AS tbl, a.attname AS col
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            AND pg_get_serial_sequence(quote_ident($1) || '.' || quote_ident(c.relname), a.attname) IS NOT NULL`,
        [tenant.schemaName],
      );
      for (const s of serials.rows) {
        await client.query(
          `SELECT setval($1::regclass, m) FROM (SELECT max(${quoteIdent(s.col)}) AS m FROM ${schema}.${quoteIdent(s.tbl)}) x WHERE m IS NOT NULL`,
          [s.seq],
        );
      }
      const sums: Record<string, TableSummary> = {};
      for (const t of header.tables) {
        sums[t.name] = await tableChecksum(client, tenant.schemaName, t.name);
        if (sums[t.name]!.rows !== end.counts[t.name] || sums[t.name]!.checksum !== end.checksums[t.name]) {
          throw new ImportRefusedError(
            `table ${t.name} does not match the export after loading (${sums[t.name]!.rows} rows, checksum ${sums[t.name]!.checksum})`,
          );
        }
      }
      return sums;
    });
    progress.stop();
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
    return {
      tenantId: tenant.id,
      tenant: tenant.slug,
      file,
      bytes: size,
      tables,
      settings: end.settings,
      members: end.members,
      secrets: header.secrets,
      durationMs: Math.round(performance.now() - started),
      peakRssMb: peakRssMb(),
    };
  } catch (err) {
    progress.stop();
    await deps.provisioner.deleteTenant(tenant.id).catch(() => undefined);
    throw err;
  }
}
