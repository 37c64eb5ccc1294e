// `npm run migrate:tenants -- [--only a,b] [--except c] [--canary N] [--concurrency N]
//   [--lock-timeout MS] [--include-archived]`: brings every tenant schema to the latest tenant-sql/.
// Draws a progress bar on a terminal, one line per tenant otherwise. Ctrl-C stops starting new
// schemas (those in flight finish; run again to resume). Exit code 1 when a tenant failed or the
// run stopped early.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig, type Config } from '../config.js';
import { migrateControlPlane } from '../db/control-plane.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateFleet, type FleetProgress } from '../tenancy/fleet.js';

const USAGE =
  'usage: npm run migrate:tenants -- [--only slug,slug] [--except slug,slug] [--canary N] [--concurrency N] [--lock-timeout MS] [--include-archived]';

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      except: { type: 'string' },
      canary: { type: 'string' },
      concurrency: { type: 'string' },
      'lock-timeout': { type: 'string' },
      'include-archived': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const count = (name: string, value: string | undefined, min: number) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}\n${USAGE}`);
    return n;
  };
  const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    help: values.help,
    only: list(values.only),
    except: list(values.except),
    canary: count('canary', values.canary, 1),
    concurrency: count('concurrency', values.concurrency, 1),
    lockTimeoutMs: count('lock-timeout', values['lock-timeout'], 0),
    includeArchived: values['include-archived'],
  };
}

/** DATABASE_URL; else the embedded server a running gateway already started; else start it here. */
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

const quiet = { info: () => undefined, warn: (obj: object, msg: string) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`) };

function reporter(): (p: FleetProgress) => void {
  const tty = process.stdout.isTTY;
  return ({ done, total, current }) => {
    const outcome = `${current.slug}: ${current.status}${current.applied.length ? ` ${current.applied.join(', ')}` : ''} (${current.durationMs} ms)`;
    if (current.status === 'failed' || !tty) {
      process.stdout.write(`${tty ? '\r\x1b[K' : ''}[${done}/${total}] ${outcome}${current.error ? `: ${current.error}` : ''}\n`);
    }
    if (tty) {
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      process.stdout.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${outcome}`);
    }
  };
}

async function main(argv: string[]): Promise<number> {
  const opts = options(argv);
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const db = await database(config);
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after the schemas in flight (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    await migrateControlPlane(db.pool);
    const report = await migrateFleet({ pool: db.pool }, { ...opts, signal: controller.signal, onProgress: reporter() });
    if (process.stdout.isTTY && report.results.length) process.stdout.write('\n');
    const stopped = report.stoppedBy ? `, stopped by ${report.stoppedBy} (${report.notRun} not run: run again to resume)` : '';
    process.stdout.write(
      `${report.total} tenants: ${report.applied} migrated, ${report.skipped} already current, ${report.failed} failed${stopped} in ${report.durationMs} ms\n`,
    );
    return report.failed || report.stoppedBy ? 1 : 0;
  } finally {
    await db.close();
  }
}

class UsageError extends Error {}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
