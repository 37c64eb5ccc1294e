// `npm run -s token -- --email a@b.c [--name N] [--system-admin] [--role R]… [--expires 1h]`
// Prints a token signed with JWT_SECRET, or in development with the secret generated under DATA_DIR
// (the same one `npm start` uses). Only the token goes to stdout, for TOKEN=$(npm run -s token -- …).
import { parseArgs } from 'node:util';
import { emailSchema } from '../auth/claims.js';
import { signDevToken } from '../auth/dev-token.js';
import { withDevelopmentSecrets } from '../auth/dev-secrets.js';
import { loadConfig } from '../config.js';

const USAGE = 'usage: npm run -s token -- --email a@b.c [--name "A B"] [--system-admin] [--role R]... [--sub S] [--expires 1h]';

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
  const email = emailSchema.safeParse(values.email);
  if (!email.success) throw new UsageError(`--email must be an email address\n${USAGE}`);
  if (!/^\d+ ?(s|sec|m|min|h|hr|d|day|w|week)s?$|^\d+$/.test(values.expires)) {
    throw new UsageError(`--expires must be a duration such as 3600, 30m, 1h or 7d\n${USAGE}`);
  }
  const config = await withDevelopmentSecrets(loadConfig());
  return signDevToken(config.jwt, {
    email: email.data,
    name: values.name,
    subject: values.sub,
    roles: values.role,
    systemAdmin: values['system-admin'],
    expiresIn: /^\d+$/.test(values.expires) ? Number(values.expires) : values.expires,
  });
}

class UsageError extends Error {}

try {
  process.stdout.write(`${await main(process.argv.slice(2))}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
