// Custom domains are stored in one canonical form (lower-case ASCII, punycode for IDNs, no trailing
// dot) so the unique index on tenant_domains.domain and host resolution compare like with like.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { BadUserInputError } from '../errors.js';

export const MAX_DOMAIN_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
// ASCII characters a host name may contain; anything else ASCII (":", "/", "%", "_", spaces…) is refused
// before conversion, because the WHATWG host parser would otherwise percent-decode or rewrite it.
const ASCII_OUTSIDE_HOSTNAME = /[\u0000-\u007f]/u;
const HOSTNAME_ASCII = /^[a-z0-9.-]$/;
// The WHATWG parser reads a name whose last label is a number (decimal, octal or 0x-hex) as an IPv4 address.
const NUMERIC_LABEL = /^(0x[0-9a-f]*|[0-9]+)$/;

function invalid(message: string): never {
  throw new BadUserInputError(message, { field: 'domain' });
}

function looksLikeIp(name: string): boolean {
  if (isIP(name) || isIP(name.replace(/^\[(.*)\]$/, '$1'))) return true;
  const last = name.split('.').at(-1) ?? '';
  return NUMERIC_LABEL.test(last);
}

function canonicalBase(baseDomain: string): string {
  return baseDomain.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * The canonical form of a custom domain a tenant asks for. Throws BadUserInputError (field "domain")
 * for anything that is not a public host name of its own: IPs, single labels, the platform's base
 * domain and every name under it (those are `<slug>.<BASE_DOMAIN>` hosts, routed by slug).
 */
export function normalizeDomain(input: string, opts: { baseDomain: string }): string {
  if (typeof input !== 'string') invalid('domain must be a string');
  let name = input.trim().toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name.length === 0) invalid('domain is required');
  if (looksLikeIp(name))
    invalid(`"${input.trim()}" is an IP address; a custom domain must be a host name such as app.example.com`);
  for (const char of name) {
    if (ASCII_OUTSIDE_HOSTNAME.test(char) && !HOSTNAME_ASCII.test(char)) {
      invalid(`domain must be a host name such as app.example.com (no scheme, port, path or "${char}")`);
    }
  }

  const ascii = domainToASCII(name);
  if (!ascii) invalid(`"${input.trim()}" is not a valid domain name`);
  if (looksLikeIp(ascii))
    invalid(`"${input.trim()}" is an IP address; a custom domain must be a host name such as app.example.com`);
  if (ascii.length > MAX_DOMAIN_LENGTH)
    invalid(`domain must be at most ${MAX_DOMAIN_LENGTH} characters (got ${ascii.length})`);

  const labels = ascii.split('.');
  if (labels.length < 2) invalid('domain must have at least two labels, such as example.com');
  for (const label of labels) {
    if (label.length === 0) invalid('domain must not contain empty labels (".." or a leading dot)');
    if (label.length > MAX_LABEL_LENGTH)
      invalid(
        `each part of a domain must be at most ${MAX_LABEL_LENGTH} characters ("${label.slice(0, 20)}…" is ${label.length})`,
      );
    if (!LABEL.test(label)) invalid(`"${label}" is not a valid domain label: letters, digits and inner hyphens only`);
  }

  const base = canonicalBase(opts.baseDomain);
  if (ascii === base || ascii.endsWith(`.${base}`)) {
    invalid(`"${ascii}" is the platform domain or under it; tenants are already served at <slug>.${base}`);
  }
  return ascii;
}
