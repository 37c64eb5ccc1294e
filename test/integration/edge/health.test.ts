import { rm } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/app.js';
import { LEDGER_TABLE } from '../../../src/db/migrator.js';
import { createLogger } from '../../../src/logger.js';
import { createTestDatabase, testConfig } from '../../helpers/database.js';
import { freePort } from '../../helpers/free-port.js';
import { send } from '../../helpers/http.js';
import { test } from '../../helpers/fixtures.js';

describe('health endpoints', () => {
  test('answers /healthz while the process is up', async ({ gw }) => {
    const res = await gw.yoga.fetch('http://localhost/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('answers /readyz 200 when the database is reachable and migrated', async ({ gw }) => {
    const res = await gw.yoga.fetch('http://localhost/readyz');
    expect(res.status).toBe(200);
  });

  test('answers /readyz 503 while a control-plane migration is pending', async ({ gw }) => {
    const { pool } = gw.db;
    const { rows } = await pool.query(`DELETE FROM public.${LEDGER_TABLE} RETURNING *`);
    try {
      const res = await gw.yoga.fetch('http://localhost/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'migrations pending' });
    } finally {
      for (const row of rows) {
        await pool.query(
          `INSERT INTO public.${LEDGER_TABLE} (name, checksum, applied_at, duration_ms) VALUES ($1, $2, $3, $4)`,
          [row.name, row.checksum, row.applied_at, row.duration_ms],
        );
      }
    }
  });
});

describe('/readyz on a fresh development database', () => {
  test('answers 503 "seeding demo tenants" while the demo seed runs, then 200 with the demo tenants active', async () => {
    const db = await createTestDatabase();
    const dataDir = `.data/readyz-seed-${Date.now().toString(36)}`;
    const port = await freePort();
    const config = testConfig(
      { NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
      db.url,
    );
    // Holding the tenants table keeps the seed (it counts tenants first) from finishing until released.
    const blocker = await db.pool.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE public.tenants IN ACCESS EXCLUSIVE MODE');
    const starting = startGateway(config, createLogger(config));
    let gateway: RunningGateway | undefined;
    try {
      const url = `http://127.0.0.1:${port}`;
      const duringSeed = await untilListening(() => send(url, '/readyz'));
      expect(duringSeed.status).toBe(503);
      expect(JSON.parse(duringSeed.body)).toEqual({ status: 'seeding demo tenants' });

      await blocker.query('COMMIT');
      gateway = await starting;
      const afterSeed = await send(url, '/readyz');
      expect(afterSeed.status).toBe(200);
      const acme = await send(url, '/graphql', {
        host: 'acme.localhost',
        body: { query: '{ currentTenant { slug } }' },
      });
      expect(acme.status).toBe(200);
      expect(JSON.parse(acme.body)).toEqual({ data: { currentTenant: { slug: 'acme' } } });
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await (gateway ?? (await starting)).stop();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Retries while the server does not accept connections yet (it listens part-way through start-up). */
async function untilListening<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if ((err as { code?: string }).code !== 'ECONNREFUSED' || i > 2000) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
