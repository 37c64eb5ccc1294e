// The operator CLI: `tenant-gateway <command>` (package.json bin) or `npm run tenants -- <command>`.
// Commands are thin: they parse options, call src/tenancy/, and print. Exit codes: 0 done,
// 1 failed (an error, a refusal, a usage error, a tenant that failed to migrate, a doctor problem),
// 130 when a second Ctrl-C stops a migration at once.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { actorName } from './arguments.js';
import { doctorCommand } from './commands/doctor.js';
import { migrateCommand } from './commands/migrate.js';
import { settingsCommands } from './commands/settings.js';
import { tenantCommands } from './commands/tenants.js';
import { backupCommands } from './commands/backups.js';
import { tokenCommand } from './commands/token.js';
import { scaleCommands } from './commands/scale.js';

export function buildProgram(name = 'tenant-gateway'): Command {
  const program = new Command(name)
    .description(
      'Operator commands for the tenant gateway. Configured like the gateway: DATABASE_URL, or the embedded Postgres under DATA_DIR.',
    )
    .option('--verbose', 'log at LOG_LEVEL on stderr (default: warnings only)')
    .option(
      '--actor <name>',
      'who is acting, recorded in the audit entries of lifecycle commands (default: the OS user)',
      actorName,
    )
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  tenantCommands(program);
  backupCommands(program);
  migrateCommand(program);
  tokenCommand(program);
  settingsCommands(program);
  doctorCommand(program);
  scaleCommands(program);
  return program;
}

/** Runs one command; resolves with the exit code (errors are printed to stderr, never thrown). */
export async function runCli(argv: string[], name?: string): Promise<number> {
  try {
    await buildProgram(name).parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Commander has already printed usage errors (and help, which ends with code 0).
    if (err instanceof CommanderError) return err.exitCode;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${err instanceof ConfigError ? '' : 'error: '}${message}\n`);
    return 1;
  }
}
