// `npm run settings:reencrypt [-- --batch-size N]`: after a new key is put first in
// SETTINGS_ENCRYPTION_KEYS, re-encrypts every encrypted setting still under an older key (safe while
// gateways serve traffic: see src/tenancy/settings-reencrypt.ts). Prints a summary; exit code 1 when
// any setting could not be re-encrypted (each is named on stderr), so a rotation script can stop
// before the old key is removed.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { withDevelopmentSecrets } from '../auth/dev-secrets.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { SettingsCipher } from '../tenancy/settings-crypto.js';
import { reencryptSettings } from '../tenancy/settings-reencrypt.js';

const USAGE = 'usage: npm run settings:reencrypt [-- --batch-size N]';

class UsageError extends Error {}

function options(argv: string[]): { help: boolean; batchSize?: number } {
  const { values } = parseArgs({
    args: argv,
    options: { 'batch-size': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  const raw = values['batch-size'];
  const batchSize = raw === undefined ? undefined : Number(raw);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)) {
    throw new UsageError(`--batch-size must be a whole number from 1 to 10000\n${USAGE}`);
  }
  return { help: values.help, batchSize };
}

const quiet = { info: () => undefined, warn: (obj: object, msg: string) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`) };

/** DATABASE_URL; else the embedded server a running gateway already started (never restarted here); else start it. */
async function database(config: Config): Promise<Database> {
  if (!config.database.url) {
    const url = `postgres://postgres:postgres@127.0.0.1:${config.database.embeddedPort}/postgres`;
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    const running = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (running) return openDatabase({ ...config, database: { ...config.database, url } }, quiet);
  }
  return openDatabase(config, quiet);
}

async function main(argv: string[]): Promise<number> {
  const opts = options(argv);
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // In development the gateway's generated key (DATA_DIR/dev-secrets.json) is the one in use.
  const config = await withDevelopmentSecrets(loadConfig());
  if (!config.encryptionKeys?.length) throw new Error('SETTINGS_ENCRYPTION_KEYS is not set: there is no key to re-encrypt with.');
  const cipher = new SettingsCipher(config.encryptionKeys);
  const db = await database(config);
  try {
    const result = await reencryptSettings(db.pool, cipher, { batchSize: opts.batchSize });
    process.stdout.write(
      `${result.scanned} encrypted settings under older keys: ${result.reencrypted} re-encrypted under key ${cipher.currentKeyId}, ` +
        `${result.skipped} changed meanwhile (left as written), ${result.failed.length} failed\n`,
    );
    for (const failure of result.failed) process.stderr.write(`failed: setting ${failure.id}: ${failure.error}\n`);
    return result.failed.length ? 1 : 0;
  } finally {
    await db.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
