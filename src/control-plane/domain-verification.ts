// Domain ownership: the tenant publishes its verification token as a TXT record at
// _tenant-verification.<domain>. Every DNS outcome (no record, wrong value, server failure, timeout)
// is an answer "not verified, because…" for the client, never an exception.
import { Resolver } from 'node:dns/promises';

export const VERIFICATION_RECORD_PREFIX = '_tenant-verification.';
export const DEFAULT_DNS_TIMEOUT_MS = 5_000;

export function verificationRecordName(domain: string): string {
  return `${VERIFICATION_RECORD_PREFIX}${domain}`;
}

export interface VerificationResult {
  verified: boolean;
  reason?: string;
}

export interface VerifyOptions {
  /** DNS servers as `ip` or `ip:port` (`[ipv6]:port`); unset: the system's resolvers. */
  servers?: string[];
  timeoutMs?: number;
}

function reasonFor(err: unknown, record: string, timeoutMs: number): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOTFOUND':
      return `${record} does not exist (NXDOMAIN): add a TXT record there containing the verification token`;
    case 'ENODATA':
      return `${record} has no TXT record: add one containing the verification token`;
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return `DNS lookup of ${record} timed out after ${timeoutMs} ms; try again later`;
    case 'ESERVFAIL':
      return `DNS server failed to answer for ${record} (SERVFAIL); try again later`;
    case 'EREFUSED':
      return `DNS server refused the lookup of ${record}; try again later`;
    case 'ECONNREFUSED':
      return `could not reach a DNS server to look up ${record}; try again later`;
    case 'EBADNAME':
    case 'EFORMERR':
      return `${record} is not a name that can be looked up`;
    default:
      return `DNS lookup of ${record} failed (${code ?? (err as Error).message}); try again later`;
  }
}

/** Looks up the TXT record and compares each record (its strings joined) with the token. Never throws. */
export async function verifyDomainOwnership(
  domain: string,
  token: string,
  opts: VerifyOptions = {},
): Promise<VerificationResult> {
  const record = verificationRecordName(domain);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
  if (!token) return { verified: false, reason: 'the domain has no verification token' };

  // c-ares retries and backs off per server; the timer below bounds the whole lookup.
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  let timer: NodeJS.Timeout | undefined;
  try {
    if (opts.servers?.length) resolver.setServers(opts.servers);
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        resolver.cancel();
        reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }));
      }, timeoutMs);
    });
    const records = await Promise.race([resolver.resolveTxt(record), timedOut]);
    // A TXT record longer than 255 bytes arrives as several strings; they form one value.
    const values = records.map((strings) => strings.join(''));
    if (values.includes(token)) return { verified: true };
    return {
      verified: false,
      reason: `${record} has ${values.length} TXT record${values.length === 1 ? '' : 's'} but none equals the verification token`,
    };
  } catch (err) {
    return { verified: false, reason: reasonFor(err, record, timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}
