// The benchmark's own database: a throwaway embedded cluster under .data/bench-<id> (default), or a
// throwaway database on the server at BENCH_DATABASE_URL (a role that may CREATE DATABASE).
// Either way it is removed afterwards.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { quoteIdent } from '../../src/tenancy/names.js';
import { freePort } from '../../test/helpers/free-port.js';

export interface BenchDatabase {
  url: string;
  kind: 'embedded' | 'server';
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  const id = randomBytes(4).toString('hex');
  let embedded: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = path.resolve('.data', `bench-${id}`);
    // ephemeral: fsync off. The cluster is thrown away, and disk flushes on a shared machine only add noise.
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
    serverUrl = embedded.url;
  }
  const name = `bench_${id}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: embedded ? 'embedded' : 'server',
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => undefined);
      await client.end();
      await embedded?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
