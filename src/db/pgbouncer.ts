// A local PgBouncer (Debian's `pgbouncer`) in front of one PostgreSQL server, for the PgBouncer
// suite and the benchmarks: every database name is forwarded, clients on loopback are trusted, and
// PgBouncer logs in to the server with the given user and password. PgBouncer refuses to run as
// root: as root it runs as the OS user `postgres`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

export const PGBOUNCER_BIN = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p)) ?? null;

export interface PgBouncerOptions {
  dir: string;
  port: number;
  server: { host: string; port: number; user: string; password: string };
  poolMode?: 'transaction' | 'session' | 'statement';
  poolSize?: number;
}

export interface PgBouncer {
  port: number;
  /** The server's URL rewritten to go through PgBouncer (same user, database and password). */
  urlFor(serverUrl: string): string;
  stop(): Promise<void>;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function startPgBouncer(opts: PgBouncerOptions): Promise<PgBouncer> {
  if (!PGBOUNCER_BIN) throw new Error('pgbouncer is not installed (apt-get install pgbouncer)');
  const dir = path.resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(path.join(dir, 'userlist.txt'), `${q(opts.server.user)} ${q(opts.server.password)}\n`);
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${opts.server.host} port=${opts.server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${opts.port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      `pool_mode = ${opts.poolMode ?? 'transaction'}`,
      'max_client_conn = 1000',
      `default_pool_size = ${opts.poolSize ?? 20}`,
      // node-postgres sends these as startup parameters; the gateway's statement_timeout then comes
      // from the role (ALTER ROLE … SET statement_timeout) instead.
      'ignore_startup_parameters = extra_float_digits,statement_timeout,options',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  let ids: { uid: number; gid: number } | undefined;
  if (userInfo().uid === 0) {
    ids = {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
    };
    for (const f of [dir, ini, path.join(dir, 'userlist.txt')]) chownSync(f, ids.uid, ids.gid);
  }
  // Our own child (no wrapper), so stop() signals PgBouncer itself.
  const child: ChildProcess = spawn(PGBOUNCER_BIN, [ini], { stdio: 'ignore', ...ids });
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitForPort(opts.port, () => exited, 10_000);
  return {
    port: opts.port,
    urlFor(serverUrl: string) {
      const u = new URL(serverUrl);
      u.hostname = '127.0.0.1';
      u.port = String(opts.port);
      return u.toString();
    },
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

async function waitForPort(port: number, failed: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (failed()) throw new Error(`pgbouncer exited before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`pgbouncer did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
