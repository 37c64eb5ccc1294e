// One Postgres per test run: an embedded, throwaway cluster, or the server at TEST_DATABASE_URL.
// A template database is migrated once; every test file then clones its own (helpers/database.ts).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateControlPlane } from '../src/db/control-plane.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.js';
import { quoteIdent } from '../src/tenancy/names.js';
import { freePort } from './helpers/free-port.js';
import { databaseUrl } from './helpers/urls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  let embedded: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = path.resolve('.data', `test-postgres-${runId}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
    adminUrl = embedded.url;
  }

  const template = `gw_test_${runId}_template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, template), max: 2 });
  await migrateControlPlane(pool);
  await pool.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('runId', runId);

  return async () => {
    // Drop what this run created, including databases of files that crashed before their own cleanup.
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `gw_test_${runId}_%`,
    ]);
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => undefined);
    }
    await admin.end();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
