// Logs: pretty lines for a person at a terminal in development, JSON lines otherwise (and always with
// LOG_FORMAT=json); neither form carries a token, a setting's value or an SQL parameter.
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/app.js';
import { createLogger, type LogFormat } from '../../../src/logger.js';
import { signToken } from '../../helpers/api.js';
import { testConfig, useTestDatabase } from '../../helpers/database.js';
import { send } from '../../helpers/http.js';

const ESC = '\u001b[';

/** Runs test/helpers/log-line.ts with stdout on a pseudo-terminal (util-linux `script`) or a pipe. */
function logLine(env: Record<string, string>, terminal: boolean): string {
  const node = `${process.execPath} --import tsx test/helpers/log-line.ts`;
  const run = terminal
    ? spawnSync('script', ['-qec', node, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env } })
    : spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/log-line.ts'], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.replace(/\r/g, '');
}

const PRODUCTION_KEYS = {
  JWT_SECRET: 'x'.repeat(32),
  SETTINGS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
};

describe('log format', () => {
  it('is pretty and coloured on a terminal in development', () => {
    const out = logLine({ NODE_ENV: 'development', LOG_FORMAT: '' }, true);
    expect(out).toContain(ESC); // ANSI colours
    expect(out).toMatch(/INFO.*graphql request/);
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/tenant: "acme"/);
    expect(() => JSON.parse(out.trim())).toThrow();
  });

  it('is JSON on a terminal with LOG_FORMAT=json, and on a terminal in production', () => {
    for (const env of [
      { NODE_ENV: 'development', LOG_FORMAT: 'json' },
      { NODE_ENV: 'production', LOG_FORMAT: '', ...PRODUCTION_KEYS },
    ]) {
      const line = JSON.parse(logLine(env, true).trim());
      expect(line).toMatchObject({ level: 30, msg: 'graphql request', tenant: 'acme', service: 'tenant-gateway' });
    }
  });

  it('is JSON when stdout is not a terminal, even in development; LOG_FORMAT=pretty forces pretty lines without colour', () => {
    expect(JSON.parse(logLine({ NODE_ENV: 'development', LOG_FORMAT: '' }, false).trim())).toMatchObject({
      msg: 'graphql request',
    });
    const forced = logLine({ NODE_ENV: 'development', LOG_FORMAT: 'pretty' }, false);
    expect(forced).toMatch(/INFO.*graphql request/);
    expect(forced).not.toContain(ESC);
  });
});

/** A logger writing into a string, in the given form. */
function capture(format: LogFormat) {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger({ logLevel: 'trace', env: 'development', logFormat: format }, stream),
    text: () => text,
  };
}

const db = useTestDatabase();

describe.each(['json', 'pretty'] as const)('%s logs', (format) => {
  const SECRET = `sk_live_${format}_0f9e8d7c6b5a`;
  const PARAMETER = `parameter-value-${format}-71c3`;
  let log: ReturnType<typeof capture>;
  let gateway: RunningGateway;
  let token: string;

  beforeAll(async () => {
    log = capture(format);
    gateway = await startGateway(
      testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'trace', LOG_FORMAT: format }, db.current.url),
      log.logger,
    );
    const slug = `logs${format}`;
    await gateway.services.provisioner.createTenant({ name: `Logs ${format}`, slug });
    token = await signToken({ email: `ops-${format}@example.com`, systemAdmin: true });
    const host = `${slug}.localhost`;
    const set = await send(gateway.url, '/graphql', {
      host,
      headers: { authorization: `Bearer ${token}` },
      body: {
        query: 'mutation S($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { key encrypted } }',
        variables: { input: { category: 'BILLING', key: 'stripeKey', value: SECRET, encrypted: true } },
      },
    });
    expect(set.status).toBe(200);
    const plain = await send(gateway.url, '/graphql', {
      host,
      headers: { authorization: `Bearer ${token}` },
      body: {
        query: 'mutation S($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { key } }',
        variables: { input: { category: 'GENERAL', key: 'motto', value: SECRET } },
      },
    });
    expect(plain.status).toBe(200);
    const badToken = await send(gateway.url, '/graphql', {
      host,
      headers: { authorization: `Bearer ${token}x` },
      body: { query: '{ serverTime }' },
    });
    expect(badToken.status).toBe(401);

    // SQL errors as PostgreSQL reports them, through pg and through Prisma's driver adapter:
    // the failing row and the bad input are in `detail` and in the message.
    const { pool } = gateway.services.db;
    await pool.query(`CREATE TABLE IF NOT EXISTS log_probe_${format} (v text CHECK (v = 'ok'))`);
    const viaPg = await pool
      .query(`INSERT INTO log_probe_${format} VALUES ($1)`, [PARAMETER])
      .catch((err: unknown) => err);
    const viaPrisma = await gateway.services.clients
      .control()
      .$executeRawUnsafe(`INSERT INTO log_probe_${format} VALUES ($1)`, PARAMETER)
      .catch((err: unknown) => err);
    const badInput = await pool.query('SELECT $1::int', [PARAMETER]).catch((err: unknown) => err);
    expect(JSON.stringify((viaPg as { detail?: string }).detail)).toContain(PARAMETER);
    expect((badInput as Error).message).toContain(PARAMETER);
    log.logger.error({ err: viaPg }, 'probe: pg error');
    log.logger.error({ err: viaPrisma }, 'probe: prisma error');
    log.logger.error({ err: badInput }, 'probe: bad input');
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  it('logs the requests and the errors (code, constraint) in this form', () => {
    const text = log.text();
    expect(text).toContain('graphql request');
    expect(text).toContain('log_probe_');
    expect(text).toContain('23514'); // check_violation: the code stays
    expect(text).toContain('22P02'); // invalid_text_representation
    if (format === 'json') for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    else expect(text.trimStart().startsWith('{')).toBe(false);
  });

  it('carries no token, no setting value and no SQL parameter', () => {
    const text = log.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]!); // not even the signature
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PARAMETER);
  });
});
