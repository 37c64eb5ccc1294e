// Scale-out commands (Citus): `move <tenant> <node>` moves a tenant's distributed schema to another
// node online; `rebalance` starts Citus' background rebalancer and reports its progress until it ends.
import type { Command } from 'commander';
import { ddlPool } from '../../db/database.js';
import { rebalanceStatus, startRebalance } from '../../db/citus.js';
import { moveTenant } from '../../tenancy/lifecycle/placement.js';
import { withOperator } from '../operator.js';
import { actor } from './tenants.js';
import { print, printJson } from '../output.js';

const verbose = (cmd: Command) => Boolean(cmd.optsWithGlobals().verbose);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function scaleCommands(program: Command): void {
  program
    .command('move')
    .description("move a tenant's schema to another Citus node (host:port) while it keeps serving reads and writes")
    .argument('<tenant>', 'slug or id')
    .argument('<node>', 'target node as host:port (see `SELECT * FROM citus_get_active_worker_nodes()`)')
    .option('--json', 'print JSON')
    .action(async (ref: string, node: string, opts: { json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const move = await moveTenant({ pool: ddlPool(services.db), clients: services.clients }, ref, node, actor(cmd));
        if (opts.json) printJson(move);
        else if (move.from.node === move.to.node)
          print(`${move.slug} is already on ${move.to.node} (${mb(move.to.sizeBytes)})`);
        else
          print(
            `moved ${move.slug} (${move.schemaName}, ${mb(move.to.sizeBytes)}) from ${move.from.node} to ${move.to.node} in ${move.durationMs} ms`,
          );
      });
    });

  program
    .command('rebalance')
    .description(
      "start Citus' rebalancer (moves tenant schemas to even out nodes) and report progress until it finishes",
    )
    .option('--no-wait', 'start it and return')
    .option('--json', 'print the final status as JSON')
    .action(async (opts: { wait: boolean; json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: verbose(cmd) }, async ({ services }) => {
        const pool = ddlPool(services.db);
        let status = await startRebalance(pool);
        const line = () => `rebalance job ${status.jobId ?? '-'}: ${status.state} ${JSON.stringify(status.tasks)}`;
        if (!opts.json) print(line());
        while (opts.wait && status.jobId !== null && !/^(finished|failed|cancelled)$/.test(status.state)) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          status = await rebalanceStatus(pool);
          if (!opts.json) print(line());
        }
        if (opts.json) printJson(status);
        if (status.state === 'failed') process.exitCode = 1;
      });
    });
}
