// Runs the operator CLI as an operator does: `bin/tenant-gateway.js <command>` in its own process,
// configured only by its environment.
import { spawn } from 'node:child_process';
import { TEST_ENCRYPTION_KEYS, TEST_JWT_SECRET } from './database.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

/** Runs `node <argv>` in its own process with only `env` (plus PATH and HOME); resolves once its output is complete. */
export function runProcess(argv: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) })),
  );
}

export function runCliProcess(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runProcess(['bin/tenant-gateway.js', ...args], env);
}

/** The CLI against a test database, with the test keys (what a deployment's environment gives it). */
export function cliOn(databaseUrl: string, extraEnv: Record<string, string> = {}) {
  return (...args: string[]) =>
    runCliProcess(args, {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      SETTINGS_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      ...extraEnv,
    });
}
