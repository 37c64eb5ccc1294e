// Request headers + config → what to look up (docs/ARCHITECTURE.md "The request path"). Pure: no I/O, no cache.
// Decisions made here on purpose:
// - X-Forwarded-Host is read only when TRUST_PROXY is on; anyone can send it, so otherwise it is ignored.
//   Its rightmost value is taken: the one our proxy added. A proxy that appends to a client-supplied
//   header leaves the client's values on the left, so the leftmost would let the client choose.
// - Several Host values are refused (RFC 9112 §3.2: a server must answer 400), never "the first one wins".
// - Host names arrive as ASCII; IDNs as punycode (xn--). Raw Unicode in Host is refused, not normalised,
//   so one tenant can never be reached under two spellings.
// - An IP literal is a valid Host but names no tenant: it is never looked up and counts as an unknown
//   host (404, or the platform context only where UNKNOWN_HOST_POLICY=platform). It is not the platform
//   host, so reaching the gateway by address grants nothing a name would not.
import { isIPv4, isIPv6 } from 'node:net';
import { domainToUnicode } from 'node:url';
import { slugError } from './names.js';

export interface HostHeaders {
  /** Every Host value the request carried (normally exactly one). */
  host: readonly string[];
  /** X-Forwarded-Host as received (may be a comma-separated list; the rightmost value counts); used only with trustProxy. */
  forwardedHost?: string | null;
}

export interface HostRoutingConfig {
  baseDomain: string;
  trustProxy: boolean;
}

export type HostKey =
  | { kind: 'invalid'; reason: string }
  /** BASE_DOMAIN or www.BASE_DOMAIN: no tenant, the admin/platform context. */
  | { kind: 'platform'; host: string }
  /** An IP address: names no tenant. */
  | { kind: 'ip'; host: string }
  /** Look `host` up as a custom domain first, then `slug` (set for `<slug>.<BASE_DOMAIN>` only). */
  | { kind: 'tenant'; host: string; slug: string | null };

const MAX_NAME = 253;
const MAX_LABEL = 63;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const PORT = /^\d{1,5}$/;

export function resolveHost(headers: HostHeaders, config: HostRoutingConfig): HostKey {
  let raw: string;
  const forwarded = config.trustProxy ? lastListValue(headers.forwardedHost) : undefined;
  if (forwarded !== undefined) {
    raw = forwarded;
  } else {
    if (headers.host.length > 1) return invalid('the request carries several Host headers');
    raw = headers.host[0]?.trim() ?? '';
    if (raw.includes(',')) return invalid('the Host header carries several values');
  }
  if (raw === '') return invalid('the Host header is missing or empty');
  return classify(raw, config.baseDomain);
}

/** The first entry of a proxy's comma-separated list (the client-facing one); undefined when absent or empty. */
function lastListValue(value: string | null | undefined): string | undefined {
  const last = value?.split(',').at(-1)?.trim();
  return last ? last : undefined;
}

function classify(raw: string, baseDomain: string): HostKey {
  // Only printable ASCII can be a host: this also refuses Unicode (IDNs must arrive as xn-- labels).
  if (!/^[\x21-\x7e]+$/.test(raw)) return invalid('the host contains characters that are not allowed');
  const lower = raw.toLowerCase();

  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    const rest = end < 0 ? '' : lower.slice(end + 1);
    if (end < 0 || (rest !== '' && !(rest.startsWith(':') && PORT.test(rest.slice(1))))) {
      return invalid('malformed IPv6 host');
    }
    const address = lower.slice(1, end);
    return isIPv6(address) ? { kind: 'ip', host: address } : invalid('malformed IPv6 host');
  }

  const colon = lower.indexOf(':');
  let name = lower;
  if (colon >= 0) {
    const port = lower.slice(colon + 1);
    if (!PORT.test(port) || Number(port) > 65535) return invalid('the port is not a number between 0 and 65535');
    name = lower.slice(0, colon);
  }
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return invalid('the host name is empty');
  if (isIPv4(name)) return { kind: 'ip', host: name };
  if (name.length > MAX_NAME) return invalid(`the host name is longer than ${MAX_NAME} characters`);

  const labels = name.split('.');
  for (const label of labels) {
    if (label.length > MAX_LABEL) return invalid(`a host name label is longer than ${MAX_LABEL} characters`);
    if (!LABEL.test(label)) return invalid('the host name is not a valid DNS name (letters, digits, hyphens and dots)');
    if (label.startsWith('xn--') && domainToUnicode(label) === '') return invalid(`"${label}" is not valid punycode`);
  }
  // A numeric last label is how shortened or hex IPv4 forms (127.1, 0x7f.1) look: never a registered name.
  if (/^(?:\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1]!)) return { kind: 'ip', host: name };

  if (name === baseDomain || name === `www.${baseDomain}`) return { kind: 'platform', host: name };
  const suffix = `.${baseDomain}`;
  if (name.endsWith(suffix)) {
    const sub = name.slice(0, -suffix.length);
    if (!sub.includes('.') && slugError(sub) === null) return { kind: 'tenant', host: name, slug: sub };
  }
  return { kind: 'tenant', host: name, slug: null };
}

function invalid(reason: string): HostKey {
  return { kind: 'invalid', reason };
}
