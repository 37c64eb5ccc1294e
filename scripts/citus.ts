// `npm run citus:up` / `npm run citus:down`: a local Citus cluster (coordinator + 2 workers,
// PostgreSQL 15 + Citus, wal_level=logical) with its data under .data/citus, on 127.0.0.1 ports
// CITUS_PORT (default 9700), +1, +2. `up` prints the coordinator URL to use as DATABASE_URL.
import path from 'node:path';
import { startCitusCluster, stopCitusCluster } from '../src/db/citus-cluster.js';

const dataDir = path.resolve(process.env.CITUS_DATA_DIR ?? '.data/citus');
const port = Number(process.env.CITUS_PORT ?? 9700);
const command = process.argv[2];

try {
  if (command === 'up') {
    const cluster = await startCitusCluster({ dataDir, port, workers: 2 });
    for (const node of cluster.nodes) console.error(`citus: ${node.name} on 127.0.0.1:${node.port} (${node.dataDir})`);
    console.error('citus: stop with `npm run citus:down`; use the URL below as DATABASE_URL');
    console.log(cluster.url);
  } else if (command === 'down') {
    const stopped = await stopCitusCluster(dataDir);
    console.log(stopped.length ? `citus: stopped ${stopped.join(', ')}` : 'citus: nothing was running');
  } else {
    console.error('usage: node --import tsx scripts/citus.ts up|down');
    process.exitCode = 2;
  }
} catch (err) {
  console.error(`citus: ${(err as Error).message}`);
  process.exitCode = 1;
}
