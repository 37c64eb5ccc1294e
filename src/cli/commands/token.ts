// `token`: a development token signed with JWT_SECRET (or, in development, the secret generated
// under DATA_DIR that the gateway uses too). Only the token goes to stdout: TOKEN=$(… token …).
import type { Command } from 'commander';
import { emailSchema } from '../../auth/claims.js';
import { withDevelopmentSecrets } from '../../auth/dev-secrets.js';
import { signDevToken } from '../../auth/dev-token.js';
import { loadConfig } from '../../config.js';
import { print } from '../output.js';

export interface TokenRequest {
  email?: string;
  name?: string;
  sub?: string;
  role?: string[];
  systemAdmin?: boolean;
  expires?: string;
}

export class TokenUsageError extends Error {}

const DURATION = /^\d+ ?(s|sec|m|min|h|hr|d|day|w|week)s?$|^\d+$/;

/** Validates the request, then signs it with the configured (or development) secret. */
export async function issueToken(request: TokenRequest, usage: string): Promise<string> {
  const email = emailSchema.safeParse(request.email);
  if (!email.success) throw new TokenUsageError(`--email must be an email address\n${usage}`);
  const expires = request.expires ?? '1h';
  if (!DURATION.test(expires))
    throw new TokenUsageError(`--expires must be a duration such as 3600, 30m, 1h or 7d\n${usage}`);
  const config = await withDevelopmentSecrets(loadConfig());
  return signDevToken(config.jwt, {
    email: email.data,
    name: request.name,
    subject: request.sub,
    roles: request.role,
    systemAdmin: request.systemAdmin ?? false,
    expiresIn: /^\d+$/.test(expires) ? Number(expires) : expires,
  });
}

export function tokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a token the gateway accepts (signed with JWT_SECRET or the development secret)')
    .requiredOption('--email <email>', "the account's email")
    .option('--name <name>', 'display name')
    .option('--sub <subject>', 'token subject (default dev:<email>)')
    .option('--role <role>', 'a role claim (repeatable)', (value: string, previous: string[] = []) => [
      ...previous,
      value,
    ])
    .option('--system-admin', 'add the system_admin role')
    .option('--expires <duration>', 'lifetime: seconds, or 30m, 1h, 7d', '1h')
    .action(async (opts: TokenRequest) => {
      print(
        await issueToken(
          opts,
          'usage: tenant-gateway token --email a@b.c [--name "A B"] [--system-admin] [--role R]... [--sub S] [--expires 1h]',
        ),
      );
    });
}
