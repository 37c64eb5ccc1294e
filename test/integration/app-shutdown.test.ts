// Graceful stop of a real gateway: in-flight requests finish, new connections are refused, shutdown
// hooks run after the last request and before the pool closes; a stuck request is cut off in time.
import { connect, type Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { startTestServer } from '../helpers/running-gateway.js';

const BODY = JSON.stringify({ query: 'query SlowUpload { serverTime }' });

/** A POST whose body arrives in two parts: between them the request is in flight on the server. */
function startSlowUpload(port: number) {
  const socket = connect(port, '127.0.0.1');
  let raw = '';
  socket.on('data', (chunk) => (raw += chunk));
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(raw)));
  socket.on('error', () => undefined); // a cut-off connection is asserted through `ended`
  const half = Math.floor(BODY.length / 2);
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY.slice(0, half)}`,
  );
  return {
    finish: () => socket.end(BODY.slice(half)),
    /** Everything the server sent, once it closed the connection. */
    ended,
  };
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

async function eventually(check: () => Promise<boolean>, what: string, deadlineMs = 5000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not true within ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const db = useTestDatabase();

describe('stopping a gateway', () => {
  it('finishes an in-flight request while refusing new connections, then runs hooks in order before the pool closes', async () => {
    const { gateway } = await startTestServer(db.current.url, { SHUTDOWN_TIMEOUT_MS: '20000' });
    const { port } = gateway.server.address() as { port: number };
    const pool = gateway.services.db.pool;
    const events: string[] = [];
    gateway.services.onShutdown(async () => {
      const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
      events.push(`flush counters (pool answered ${rows[0]!.ok})`);
    }, 'usage meter');
    gateway.services.onShutdown(() => {
      events.push(`second hook (pool ended: ${pool.ended})`);
    });

    const arrived = new Promise<void>((resolve) =>
      gateway.server.once('request', (_req: IncomingMessage, res: ServerResponse) => {
        res.once('finish', () => events.push('in-flight response sent'));
        resolve();
      }),
    );
    const upload = startSlowUpload(port);
    await arrived;

    const stopped = gateway.stop();
    await eventually(() => refusesConnections(port), 'new connections are refused');
    expect(events).toEqual([]); // hooks wait for the in-flight request

    upload.finish();
    const response = await upload.ended;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toMatch(/connection: close/i);
    expect(response).toContain('"serverTime"');

    await stopped;
    expect(events).toEqual([
      'in-flight response sent',
      'flush counters (pool answered 1)',
      'second hook (pool ended: false)',
    ]);
    expect(pool.ended).toBe(true);
  });

  it('cuts off a request still running after SHUTDOWN_TIMEOUT_MS, and still runs the hooks', async () => {
    const { gateway, logs } = await startTestServer(db.current.url, { SHUTDOWN_TIMEOUT_MS: '300' });
    const { port } = gateway.server.address() as { port: number };
    let hookRan = false;
    gateway.services.onShutdown(() => {
      hookRan = true;
    });
    const arrived = new Promise((resolve) => gateway.server.once('request', resolve));
    const upload = startSlowUpload(port); // never finished
    await arrived;

    const started = Date.now();
    await gateway.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await upload.ended).not.toMatch(/^HTTP\/1\.1 200/);
    expect(hookRan).toBe(true);
    expect(logs.lines().some((l) => l.msg === 'in-flight requests cut off at SHUTDOWN_TIMEOUT_MS')).toBe(true);
  });

  it('keeps running the other hooks when one fails, and logs the failure', async () => {
    const { gateway, logs } = await startTestServer(db.current.url);
    const ran: string[] = [];
    gateway.services.onShutdown(() => {
      throw new Error('flush failed');
    }, 'broken meter');
    gateway.services.onShutdown(() => {
      ran.push('after the broken one');
    });
    await gateway.stop();
    expect(ran).toEqual(['after the broken one']);
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ hook: 'broken meter', msg: 'shutdown hook failed; going on' }),
    );
  });
});
