// `npm run settings:reencrypt [-- --batch-size N]`: the same as `tenant-gateway settings reencrypt`
// (src/cli/commands/settings.ts). After a new key is put first in SETTINGS_ENCRYPTION_KEYS it
// re-encrypts every encrypted setting still under an older key (safe while gateways serve traffic:
// see src/control-plane/settings-reencrypt.ts). Prints a summary; exit code 1 when any setting could not
// be re-encrypted (each is named on stderr), so a rotation script can stop before the old key is removed.
import { runCli } from './program.js';

process.exitCode = await runCli(['settings', 'reencrypt', ...process.argv.slice(2)]);
