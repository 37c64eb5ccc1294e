// Entry point of the operator CLI: bin/tenant-gateway.js and `npm run tenants -- <command>` run it.
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
