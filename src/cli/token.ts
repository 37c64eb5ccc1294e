// `npm run -s token -- --email a@b.c [--name N] [--system-admin] [--role R]… [--expires 1h]`
// Prints a token signed with JWT_SECRET, or in development with the secret generated under DATA_DIR
// (the same one `npm start` uses). Only the token goes to stdout, for TOKEN=$(npm run -s token -- …).
// The same as `tenant-gateway token` (src/cli/commands/token.ts), kept for its shorter name.
import { parseArgs } from 'node:util';
import { issueToken } from './commands/token.js';

const USAGE =
  'usage: npm run -s token -- --email a@b.c [--name "A B"] [--system-admin] [--role R]... [--sub S] [--expires 1h]';

async function main(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      role: { type: 'string', multiple: true },
      'system-admin': { type: 'boolean', default: false },
      expires: { type: 'string', default: '1h' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return USAGE;
  return issueToken({ ...values, systemAdmin: values['system-admin'] }, USAGE);
}

try {
  process.stdout.write(`${await main(process.argv.slice(2))}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
