import { describe, expect, it } from 'vitest';
import { LEDGER_TABLE } from '../../src/db/migrator.js';
import { useTestGateway } from '../helpers/gateway.js';

const gw = useTestGateway();

describe('health endpoints', () => {
  it('answers /healthz while the process is up', async () => {
    const res = await gw.current.yoga.fetch('http://localhost/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when the database is reachable and migrated', async () => {
    const res = await gw.current.yoga.fetch('http://localhost/readyz');
    expect(res.status).toBe(200);
  });

  it('answers /readyz 503 while a control-plane migration is pending', async () => {
    const { pool } = gw.current.db;
    const { rows } = await pool.query(`DELETE FROM public.${LEDGER_TABLE} RETURNING *`);
    try {
      const res = await gw.current.yoga.fetch('http://localhost/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'migrations pending' });
    } finally {
      for (const row of rows) {
        await pool.query(`INSERT INTO public.${LEDGER_TABLE} (name, checksum, applied_at, duration_ms) VALUES ($1, $2, $3, $4)`, [
          row.name, row.checksum, row.applied_at, row.duration_ms,
        ]);
      }
    }
  });
});
