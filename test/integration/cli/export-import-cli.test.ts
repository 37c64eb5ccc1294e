// tenants export / import, spawned as an operator runs them: a 100,000-row tenant round-trips with
// identical row counts and checksums per table (checked by the import and again here), settings
// (encrypted ones re-encrypted for the new tenant, or left out with --no-secrets) and members come
// along, and a truncated or changed file is refused with nothing created. Peak RSS is reported.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsCipher } from '../../../src/control-plane/settings-crypto.js';
import { tableChecksum } from '../../../src/tenancy/lifecycle/export-import.js';
import { uniqueSlug } from '../../helpers/api.js';
import { cliOn, runProcess } from '../../helpers/cli.js';
import { TEST_ENCRYPTION_KEYS, TEST_JWT_SECRET, testConfig, useTestDatabase } from '../../helpers/database.js';

const db = useTestDatabase();
let cli: ReturnType<typeof cliOn>;
const dir = mkdtempSync(path.join(tmpdir(), 'tenant-export-'));
const cipher = new SettingsCipher(testConfig().encryptionKeys!);
const source = uniqueSlug('exp');
let file: string;
/** What export and import print with --json (the fields these tests read). */
interface TransferSummary {
  tables: Record<string, { rows: number }>;
  bytes: number;
  durationMs: number;
  peakRssMb: number;
}
let exported: TransferSummary;
let baseline: TransferSummary;

const q = (sql: string, params: unknown[] = []) => db.current.pool.query(sql, params);
const tenantId = async (slug: string) =>
  (await q('SELECT id FROM tenants WHERE slug = $1', [slug])).rows[0]?.id as string | undefined;

async function checksums(schema: string) {
  const client = await db.current.pool.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const out: Record<string, unknown> = {};
    for (const t of ['audit_logs', 'sessions', 'users']) out[t] = await tableChecksum(client, schema, t);
    return out;
  } finally {
    client.release(true);
  }
}

beforeAll(async () => {
  cli = cliOn(db.current.url);
  expect((await cli('create', '--name', 'Export Co', '--slug', source, '--plan', 'professional')).code).toBe(0);
  const id = (await tenantId(source))!;
  await q(`SET search_path TO tenant_${source};
    INSERT INTO users (email, name, metadata) SELECT 'user' || i || '@export.test', 'User ' || i, jsonb_build_object('i', i, 'tags', jsonb_build_array('a', i % 7))
      FROM generate_series(1, 100000) i;
    INSERT INTO sessions (user_id, token_hash, ip, expires_at) SELECT id, md5(email), '10.0.0.1', now() + interval '1 day' FROM users ORDER BY email LIMIT 2000;
    INSERT INTO audit_logs (action, target_type, target_id, metadata) SELECT 'user.create', 'user', i::text, '{"by":"seed"}' FROM generate_series(1, 500) i;
    RESET search_path;`);
  await q(
    `INSERT INTO tenant_settings (tenant_id, category, key, value, type) VALUES ($1, 'general', 'locale', 'de', 'string')`,
    [id],
  );
  const secret = cipher.encrypt('s3cret-api-key', { tenantId: id, category: 'security', key: 'apiKey' });
  await q(
    `INSERT INTO tenant_settings (tenant_id, category, key, value, type, encrypted) VALUES ($1, 'security', 'apiKey', $2, 'string', true)`,
    [id, secret],
  );
  await q(`INSERT INTO accounts (email, name) VALUES ('owner@export.test', 'Owner') ON CONFLICT DO NOTHING`);
  await q(
    `INSERT INTO tenant_users (tenant_id, user_id, role, accepted_at) SELECT $1, id, 'owner', now() FROM accounts WHERE email = 'owner@export.test'`,
    [id],
  );

  file = path.join(dir, `${source}.ndjson`);
  const result = await cli('export', source, '--out', file, '--json');
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toBe(''); // no progress bar when stderr is not a terminal
  exported = result.json<TransferSummary>();
  // The same command on an empty tenant: what the process weighs without the data.
  const empty = uniqueSlug('empty');
  expect((await cli('create', '--name', 'Empty', '--slug', empty)).code).toBe(0);
  baseline = (await cli('export', empty, '--out', path.join(dir, `${empty}.ndjson`), '--json')).json<TransferSummary>();
}, 300_000);

describe('tenants export / import', () => {
  it('round-trips 100,000 rows with identical row counts and checksums per table, settings and members', async () => {
    expect(exported.tables.users!.rows).toBe(100_000);
    expect(exported).toMatchObject({ tenant: source, settings: 2, members: 1, secrets: 'encrypted' });
    const target = uniqueSlug('imp');
    const imported = await cli('import', file, '--slug', target, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const summary = imported.json<TransferSummary>();
    expect(summary.tables).toEqual(exported.tables);
    // Checked independently of the import's own verification:
    expect(await checksums(`tenant_${target}`)).toEqual(await checksums(`tenant_${source}`));
    expect(await checksums(`tenant_${target}`)).toEqual(exported.tables);

    const id = (await tenantId(target))!;
    const row = (await q(`SELECT plan, metadata FROM tenants WHERE id = $1`, [id])).rows[0];
    expect(row).toMatchObject({ plan: 'professional', metadata: { imported_from: source } });
    const setting = (await q(`SELECT value FROM tenant_settings WHERE tenant_id = $1 AND key = 'apiKey'`, [id]))
      .rows[0];
    expect(cipher.decrypt(setting.value, { tenantId: id, category: 'security', key: 'apiKey' })).toBe('s3cret-api-key');
    const members = (
      await q(
        `SELECT a.email::text, m.role FROM tenant_users m JOIN accounts a ON a.id = m.user_id WHERE m.tenant_id = $1`,
        [id],
      )
    ).rows;
    expect(members).toEqual([{ email: 'owner@export.test', role: 'owner' }]);
    console.log(
      `export/import of 100,000 users + 2,500 rows: file ${(exported.bytes / 1e6).toFixed(1)} MB; export ${exported.durationMs} ms, peak RSS ${exported.peakRssMb} MB; import ${summary.durationMs} ms, peak RSS ${summary.peakRssMb} MB; export of an empty tenant: peak RSS ${baseline.peakRssMb} MB`,
    );
  }, 300_000);

  it('streams: export and import succeed with the V8 heap capped at 96 MB, well below what 100,000 rows held in memory would take', async () => {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.current.url,
      JWT_SECRET: TEST_JWT_SECRET,
      SETTINGS_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    };
    const out = path.join(dir, 'capped.ndjson');
    const capped = await runProcess(
      ['--max-old-space-size=96', 'bin/tenant-gateway.js', 'export', source, '--out', out, '--json'],
      env,
    );
    expect(capped.code, capped.stderr).toBe(0);
    expect(capped.json<TransferSummary>().tables).toEqual(exported.tables);
    const back = await runProcess(
      ['--max-old-space-size=96', 'bin/tenant-gateway.js', 'import', out, '--slug', uniqueSlug('cap'), '--json'],
      env,
    );
    expect(back.code, back.stderr).toBe(0);
    expect(back.json<TransferSummary>().tables).toEqual(exported.tables);
    console.log(
      `with a 96 MB heap cap: export peak RSS ${capped.json<TransferSummary>().peakRssMb} MB, import peak RSS ${back.json<TransferSummary>().peakRssMb} MB`,
    );
  }, 300_000);

  it('leaves encrypted settings out with --no-secrets', async () => {
    const out = path.join(dir, 'no-secrets.ndjson');
    const result = await cli('export', source, '--out', out, '--no-secrets', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({ secrets: 'omitted', settings: 1 });
    expect(readFileSync(out, 'utf8')).not.toContain('apiKey');
  }, 300_000);

  it('refuses a truncated or changed file with a clear error, creating nothing', async () => {
    const text = readFileSync(file, 'utf8');
    const truncated = path.join(dir, 'truncated.ndjson');
    writeFileSync(truncated, text.slice(0, Math.floor(text.length * 0.6)));
    const tampered = path.join(dir, 'tampered.ndjson');
    writeFileSync(tampered, text.replace('user77@export.test', 'user77@evil.test'));
    const garbage = path.join(dir, 'garbage.ndjson');
    writeFileSync(garbage, 'hello\n');
    for (const [bad, reason] of [
      [truncated, /not JSON|truncated/],
      [tampered, /does not match its sha256/],
      [garbage, /not JSON/],
    ] as const) {
      const slug = uniqueSlug('bad');
      const result = await cli('import', bad, '--slug', slug);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/The export file is refused \(nothing was created\)/);
      expect(result.stderr).toMatch(reason);
      expect(await tenantId(slug)).toBeUndefined();
      expect((await q('SELECT 1 FROM pg_namespace WHERE nspname = $1', [`tenant_${slug}`])).rowCount).toBe(0);
    }
  }, 300_000);
});
