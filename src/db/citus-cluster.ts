// A local Citus cluster (one coordinator, N workers) on loopback ports, for `npm run citus:up`,
// the Citus test suite and the benchmarks. Uses the PostgreSQL 15 server binaries with Citus
// installed into them (../shared/citus/install.sh, or a distribution's own Citus package).
// Every node runs with wal_level=logical, which citus_schema_move needs to move a tenant online.
// Postgres refuses to run as root: as root the nodes run as the OS user `postgres`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const DEFAULT_PG_BIN = '/usr/lib/postgresql/15/bin';

export interface CitusNode {
  name: string;
  port: number;
  dataDir: string;
}

export interface CitusClusterOptions {
  /** Parent directory; each node gets a sub-directory (coordinator, worker1, …). */
  dataDir: string;
  /** The coordinator's port; workers use the following ports unless `ports` is given. */
  port: number;
  ports?: number[];
  workers?: number;
  pgBin?: string;
  database?: string;
}

export interface CitusCluster {
  /** postgres://postgres@127.0.0.1:<coordinator port>/<database> */
  url: string;
  nodes: CitusNode[];
  stop(): Promise<void>;
}

const STATE_FILE = 'cluster.json';

/** Where citus.so would be for these binaries; null when Citus is not installed there. */
export function citusInstalled(pgBin = DEFAULT_PG_BIN): boolean {
  const pgConfig = path.join(pgBin, 'pg_config');
  if (!existsSync(pgConfig)) return false;
  try {
    const libdir = execFileSync(pgConfig, ['--pkglibdir'], { encoding: 'utf8' }).trim();
    return existsSync(path.join(libdir, 'citus.so'));
  } catch {
    return false;
  }
}

const asRoot = () => userInfo().uid === 0;

function run(pgBin: string, tool: string, args: string[]): void {
  const bin = path.join(pgBin, tool);
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${tool} ${args.join(' ')} failed (exit ${result.status}): ${(result.stderr || result.stdout || String(result.error)).trim()}`,
    );
  }
}

function ownDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
}

function nodeConfig(node: CitusNode): string {
  return [
    '',
    '# tenant-gateway local Citus cluster',
    `port = ${node.port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${node.dataDir.replace(/'/g, "''")}'`,
    "shared_preload_libraries = 'citus'",
    'wal_level = logical',
    'max_connections = 200',
    'max_replication_slots = 20',
    'max_wal_senders = 20',
    'max_worker_processes = 32',
    // Per-tenant statistics (citus_stat_tenants) for the cost report.
    "citus.stat_tenants_track = 'all'",
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    '',
  ].join('\n');
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Starts (creating on first use) the cluster; idempotent when it already runs. */
export async function startCitusCluster(opts: CitusClusterOptions): Promise<CitusCluster> {
  const pgBin = opts.pgBin ?? DEFAULT_PG_BIN;
  if (!citusInstalled(pgBin)) {
    throw new Error(
      `Citus is not installed for ${pgBin} (no citus.so): run ../shared/citus/install.sh as root, or install your distribution's Citus for PostgreSQL 15.`,
    );
  }
  const database = opts.database ?? 'postgres';
  const workers = opts.workers ?? 2;
  const ports = opts.ports ?? Array.from({ length: workers + 1 }, (_, i) => opts.port + i);
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const nodes: CitusNode[] = ports.map((port, i) => ({
    name: i === 0 ? 'coordinator' : `worker${i}`,
    port,
    dataDir: path.join(dataDir, i === 0 ? 'coordinator' : `worker${i}`),
  }));

  for (const node of nodes) {
    if (!existsSync(path.join(node.dataDir, 'PG_VERSION'))) {
      ownDir(node.dataDir);
      run(pgBin, 'initdb', [
        '-D',
        node.dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
      ]);
      writeFileSync(
        path.join(node.dataDir, 'postgresql.conf'),
        readFileSync(path.join(node.dataDir, 'postgresql.conf'), 'utf8') + nodeConfig(node),
      );
    }
    if (!running(pgBin, node))
      run(pgBin, 'pg_ctl', [
        'start',
        '-D',
        node.dataDir,
        '-l',
        path.join(node.dataDir, 'server.log'),
        '-w',
        '-t',
        '60',
      ]);
  }
  const urlOf = (port: number) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  if (database !== 'postgres') {
    for (const node of nodes) {
      await withClient(urlOf(node.port).replace(/\/[^/]+$/, '/postgres'), async (c) => {
        const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (!rowCount) await c.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      });
    }
  }
  for (const node of nodes) await withClient(urlOf(node.port), (c) => c.query('CREATE EXTENSION IF NOT EXISTS citus'));
  await withClient(urlOf(nodes[0]!.port), async (c) => {
    await c.query(`SELECT citus_set_coordinator_host('127.0.0.1', $1)`, [nodes[0]!.port]);
    const { rows } = await c.query<{ nodeport: number }>(
      `SELECT nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0`,
    );
    const known = new Set(rows.map((r) => Number(r.nodeport)));
    for (const worker of nodes.slice(1)) {
      if (!known.has(worker.port)) await c.query(`SELECT citus_add_node('127.0.0.1', $1)`, [worker.port]);
    }
  });
  writeFileSync(path.join(dataDir, STATE_FILE), JSON.stringify({ pgBin, database, nodes }, null, 2));
  return { url: urlOf(nodes[0]!.port), nodes, stop: async () => void (await stopCitusCluster(dataDir)) };
}

function running(pgBin: string, node: CitusNode): boolean {
  if (!existsSync(path.join(node.dataDir, 'postmaster.pid'))) return false;
  try {
    run(pgBin, 'pg_ctl', ['status', '-D', node.dataDir]);
    return true;
  } catch {
    return false;
  }
}

/** Stops every node recorded under dataDir (fast shutdown); nothing of the cluster keeps running. */
export async function stopCitusCluster(dataDir: string): Promise<string[]> {
  const file = path.join(path.resolve(dataDir), STATE_FILE);
  if (!existsSync(file)) return [];
  const { pgBin, nodes } = JSON.parse(readFileSync(file, 'utf8')) as { pgBin: string; nodes: CitusNode[] };
  const stopped: string[] = [];
  // Workers first: the coordinator's connections to them then end with them.
  for (const node of [...nodes].reverse()) {
    if (!running(pgBin, node)) continue;
    run(pgBin, 'pg_ctl', ['stop', '-D', node.dataDir, '-m', 'fast', '-w', '-t', '60']);
    stopped.push(node.name);
  }
  return stopped;
}
