// `npm run citus:up` / `citus:down` as a user runs them: up prints the coordinator URL of a cluster
// with two workers and wal_level=logical; down stops every node and leaves nothing running.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/cli.js';
import { freePort } from '../helpers/free-port.js';
import { citusAvailable } from './citus-gateway.js';

describe.skipIf(!citusAvailable())('npm run citus:up / citus:down', () => {
  const dataDir = path.resolve('.data', `citus-script-${process.pid}`);
  const script = (command: string, port: number) =>
    runProcess(['--import', 'tsx', 'scripts/citus.ts', command], { CITUS_DATA_DIR: dataDir, CITUS_PORT: String(port) });

  afterAll(async () => {
    await script('down', 0);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts a coordinator and two workers with wal_level=logical, prints the URL, and stops them all', async () => {
    const port = await freePort();
    const up = await script('up', port);
    expect(up.code, up.stderr).toBe(0);
    const url = up.stdout.trim();
    expect(url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const workers = await client.query(
        `SELECT nodeport FROM pg_dist_node WHERE groupid <> 0 AND noderole = 'primary' ORDER BY nodeport`,
      );
      expect(workers.rows.map((r) => r.nodeport)).toEqual([port + 1, port + 2]);
      expect((await client.query('SHOW wal_level')).rows[0].wal_level).toBe('logical');
    } finally {
      await client.end();
    }

    const down = await script('down', port);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('stopped worker2, worker1, coordinator');
    for (const node of ['coordinator', 'worker1', 'worker2'])
      expect(existsSync(path.join(dataDir, node, 'postmaster.pid'))).toBe(false);
    const refused = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await expect(refused.connect()).rejects.toThrow();
  });
});
