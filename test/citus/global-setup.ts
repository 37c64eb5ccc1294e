// One Citus cluster per `npm run test:citus` run: a coordinator and two workers on free loopback
// ports, data in a throwaway directory, control plane migrated once on the coordinator. Citus
// tenants are created in the coordinator's database by every file (slugs carry the run id), since
// a database created later would not have Citus on the workers. CITUS_TEST_URL uses a running cluster.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { citusInstalled, startCitusCluster, type CitusCluster } from '../../src/db/citus-cluster.js';
import { migrateControlPlane } from '../../src/db/control-plane.js';
import { freePort } from '../helpers/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    citusUrl: string;
    citusRunId: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(3).toString('hex');
  project.provide('citusRunId', runId);
  let url = process.env.CITUS_TEST_URL;
  let cluster: CitusCluster | undefined;
  const dataDir = path.resolve('.data', `test-citus-${runId}`);
  if (!url) {
    if (!citusInstalled()) {
      if (process.env.CI === 'true')
        throw new Error(
          'Citus is not installed: run ../shared/citus/install.sh (the Citus suite must not be skipped in CI).',
        );
      console.warn('[citus] Citus is not installed (../shared/citus/install.sh): the Citus suite is skipped.');
      project.provide('citusUrl', '');
      return;
    }
    const ports = [await freePort(), await freePort(), await freePort()];
    cluster = await startCitusCluster({ dataDir, port: ports[0]!, ports, workers: 2 });
    url = cluster.url;
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrateControlPlane(pool);
  await pool.end();
  project.provide('citusUrl', url);
  return async () => {
    await cluster?.stop();
    if (cluster) await rm(dataDir, { recursive: true, force: true });
  };
}
