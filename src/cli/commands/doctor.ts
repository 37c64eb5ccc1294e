// `doctor`: read-only checks (src/tenancy/lifecycle/doctor.ts); prints each check and what is wrong.
// Exit code 1 when any check found a problem.
import type { Command } from 'commander';
import { runDoctor, type DoctorCheck } from '../../tenancy/lifecycle/doctor.js';
import { withOperator } from '../operator.js';
import { print, printJson } from '../output.js';

function render(c: DoctorCheck): string {
  const lines = [`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.summary}`];
  for (const p of c.problems) lines.push(`     ✗ ${p}`);
  for (const n of c.notes) lines.push(`     · ${n}`);
  return lines.join('\n');
}

export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the database, migration ledgers of every schema, pending tenants, pool settings and keys')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      // No control-plane migration here: doctor reports drift, it never repairs it.
      await withOperator(
        { migrate: false, verbose: Boolean(cmd.optsWithGlobals().verbose) },
        async ({ services, configured, config }) => {
          const report = await runDoctor({ pool: services.db.pool, configured, effective: config });
          if (opts.json) printJson(report);
          else {
            for (const c of report.checks) print(render(c));
            const failed = report.checks.filter((c) => !c.ok).length;
            print(failed ? `\n${failed} check${failed > 1 ? 's' : ''} found problems` : '\nall checks passed');
          }
          if (!report.ok) process.exitCode = 1;
        },
      );
    });
}
