// `settings reencrypt`: after a new key is put first in SETTINGS_ENCRYPTION_KEYS, re-encrypts every
// encrypted setting still under an older key (src/control-plane/settings-reencrypt.ts; safe while
// gateways serve traffic). The summary goes to stdout, each setting that failed to stderr; exit
// code 1 when any failed, so a rotation script stops before the old key is removed.
// `npm run settings:reencrypt` (src/cli/settings-reencrypt.ts) runs this same command.
import { Command } from 'commander';
import { reencryptSettings } from '../../control-plane/settings-reencrypt.js';
import { wholeNumber } from '../arguments.js';
import { withOperator } from '../operator.js';
import { print, printJson } from '../output.js';

export function settingsCommands(program: Command): void {
  const settings = program.command('settings').description('tenant settings maintenance');
  settings
    .command('reencrypt')
    .description('re-encrypt encrypted settings under the newest key of SETTINGS_ENCRYPTION_KEYS')
    .option(
      '--batch-size <n>',
      'rows read and written per round trip (default 500)',
      wholeNumber('--batch-size', 1, 10_000),
    )
    .option('--json', 'print JSON')
    .action(async (opts: { batchSize?: number; json?: boolean }, cmd: Command) => {
      await withOperator({ migrate: true, verbose: Boolean(cmd.optsWithGlobals().verbose) }, async ({ services }) => {
        // In development the gateway's generated key (DATA_DIR/dev-secrets.json) is the one in use.
        if (!services.cipher)
          throw new Error('SETTINGS_ENCRYPTION_KEYS is not set: there is no key to re-encrypt with.');
        const result = await reencryptSettings(services.db.pool, services.cipher, { batchSize: opts.batchSize });
        if (opts.json) printJson({ currentKeyId: services.cipher.currentKeyId, ...result });
        else {
          print(
            `${result.scanned} encrypted settings under older keys: ${result.reencrypted} re-encrypted under key ${services.cipher.currentKeyId}, ` +
              `${result.skipped} changed meanwhile (left as written), ${result.failed.length} failed`,
          );
          for (const f of result.failed) process.stderr.write(`failed: setting ${f.id}: ${f.error}\n`);
        }
        if (result.failed.length) process.exitCode = 1;
      });
    });
}
