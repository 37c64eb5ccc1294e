// Runs `prisma generate` offline and online alike.
// The Prisma CLI insists on locating its schema-engine binary before it generates anything, and
// downloads it when missing; generate never executes it, and we never run `prisma migrate`
// (DDL is raw SQL). Pointing PRISMA_SCHEMA_ENGINE_BINARY at an existing file skips the download.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
// the pothos generator is a bin of @pothos/plugin-prisma; npm scripts have it on PATH, `node` alone doesn't
env.PATH = [path.resolve('node_modules/.bin'), env.PATH].join(path.delimiter);
env.CHECKPOINT_DISABLE = '1';

const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
