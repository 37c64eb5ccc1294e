// `npm run migrate:tenants -- [options]`: the same as `tenant-gateway migrate [options]`
// (src/cli/commands/migrate.ts), kept for scripts that use this name.
import { runCli } from './program.js';

process.exitCode = await runCli(['migrate', ...process.argv.slice(2)]);
