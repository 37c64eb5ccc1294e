// Starts bench/servers.ts as a child process (gateway + baselines) and waits for its ports.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerPorts {
  gateway: number;
  /** The gateway whose client cache holds every tenant (0 when not started). */
  roomy: number;
  bare: number;
  raw: number;
  pid: number;
}

export interface ServersProcess {
  ports: ServerPorts;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServersEnv {
  BENCH_DB_URL: string;
  BENCH_TENANT_ID: string;
  BENCH_TENANT_SCHEMA: string;
  BENCH_JWT_SECRET: string;
  BENCH_ENCRYPTION_KEYS: string;
  BENCH_POOL_MAX: string;
  BENCH_CLIENT_CACHE_MAX: string;
  BENCH_ROOMY_CACHE_MAX?: string;
}

/** `nodeArgs`: e.g. ['--cpu-prof', '--cpu-prof-dir=…'] to profile the servers under load. */
export async function startServers(env: ServersEnv, nodeArgs: string[] = []): Promise<ServersProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/servers.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    // stdout: the gateway's request log, as in production, written and thrown away.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ports = await new Promise<ServerPorts>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench servers did not start in 120 s:\n${stderr}`)), 120_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ServerPorts);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bench servers exited with ${code}:\n${stderr}`));
    });
  });
  return {
    ports,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
