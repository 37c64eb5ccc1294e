// `migrate`: the control plane, then every tenant schema to the latest tenant-sql/ (migrateFleet).
// Ctrl-C stops starting new schemas (those in flight finish; run again to resume); a second
// Ctrl-C quits at once. Exit code 1 when a tenant failed or the run stopped early.
import { ddlPool } from '../../db/database.js';
import type { Command } from 'commander';
import { migrateControlPlane } from '../../db/control-plane.js';
import { migrateFleet, type FleetReport } from '../../tenancy/lifecycle/fleet.js';
import { commaList, wholeNumber } from '../arguments.js';
import { fleetProgressReporter, type ProgressMode } from '../migrate-progress.js';
import { withOperator } from '../operator.js';
import { print, printJson } from '../output.js';

interface MigrateOptions {
  only?: string[];
  except?: string[];
  concurrency?: number;
  canary?: number;
  lockTimeout?: number;
  includeArchived?: boolean;
  json?: boolean;
}

function summary(report: FleetReport): string {
  const stopped = report.stoppedBy
    ? `, stopped by ${report.stoppedBy} (${report.notRun} not run: run again to resume)`
    : '';
  return `${report.total} tenants: ${report.applied} migrated, ${report.skipped} already current, ${report.failed} failed${stopped} in ${report.durationMs} ms`;
}

/** Bar on a terminal, lines in a log; with --json stdout carries only the report. */
function progressMode(json: boolean): { mode: ProgressMode; stream: NodeJS.WriteStream } {
  if (json) return { mode: process.stderr.isTTY ? 'bar' : 'quiet', stream: process.stderr };
  return { mode: process.stdout.isTTY ? 'bar' : 'lines', stream: process.stdout };
}

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending tenant-sql/ migrations to every active and suspended tenant schema')
    .option('--only <slugs>', 'only these tenants (comma-separated slugs)', commaList)
    .option('--except <slugs>', 'all tenants but these (comma-separated slugs)', commaList)
    .option(
      '--concurrency <n>',
      'schemas migrated at once (default 4, at most DATABASE_POOL_MAX − 1)',
      wholeNumber('--concurrency', 1),
    )
    .option(
      '--canary <n>',
      'migrate the first N tenants one by one first; stop if any of them fails',
      wholeNumber('--canary', 1),
    )
    .option(
      '--lock-timeout <ms>',
      'give up on a schema whose tables stay locked this long (default 5000)',
      wholeNumber('--lock-timeout', 0),
    )
    .option('--include-archived', 'archived tenant schemas too')
    .option('--json', "print the report (every tenant's result) as JSON")
    .action(async (opts: MigrateOptions, cmd: Command) => {
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nstopping after the schemas in flight (Ctrl-C again to quit now)\n');
        controller.abort();
      };
      process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
      try {
        await withOperator(
          { migrate: false, verbose: Boolean(cmd.optsWithGlobals().verbose) },
          async ({ services }) => {
            await migrateControlPlane(ddlPool(services.db));
            const { mode, stream } = progressMode(Boolean(opts.json));
            const progress = fleetProgressReporter(mode, stream);
            let report: FleetReport;
            try {
              report = await migrateFleet(
                { pool: ddlPool(services.db) },
                {
                  only: opts.only,
                  except: opts.except,
                  concurrency: opts.concurrency,
                  canary: opts.canary,
                  lockTimeoutMs: opts.lockTimeout,
                  includeArchived: opts.includeArchived,
                  signal: controller.signal,
                  onProgress: progress.onProgress,
                },
              );
            } finally {
              progress.stop();
            }
            if (opts.json) printJson({ ok: !report.failed && !report.stoppedBy, ...report });
            else print(summary(report));
            if (report.failed || report.stoppedBy) process.exitCode = 1;
          },
        );
      } finally {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      }
    });
}
