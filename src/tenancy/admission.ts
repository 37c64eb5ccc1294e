// Which tenant a request is for, and whether it may come in (docs/ARCHITECTURE.md "The request path").
// Used by the door (edge/tenant-door.ts), which answers refusals before any body is read, and
// by the context factory, so a request that somehow skipped the door still fails closed.
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import type { Tenant } from '../generated/prisma/client.js';
import { BadUserInputError, TenantNotFoundError, TenantNotReadyError, TenantSuspendedError } from '../errors.js';
import { isRestoring, RESTORE_RETRY_AFTER_SECONDS } from './restoring.js';
import type { HostResolver } from './host-resolver.js';
import { resolveHost, type HostHeaders } from './resolve-host.js';

export interface Admission {
  /** null: the platform host (or an unknown host under UNKNOWN_HOST_POLICY=platform). */
  tenant: Tenant | null;
}

/** Seconds a client is asked to wait before retrying a tenant that is still being provisioned. */
export const PENDING_RETRY_AFTER_SECONDS = 5;

/**
 * Over node:http the raw headers are read, because Node keeps only the first of several Host
 * headers in `req.headers` and would hide the ambiguity. Without a Node request (yoga.fetch from
 * tests or an embedding), the URL's authority stands in for a missing Host header.
 */
export function hostHeadersOf(request: Request, serverContext: unknown): HostHeaders {
  const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
  if (req?.rawHeaders) {
    const host: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i]!.toLowerCase() === 'host') host.push(req.rawHeaders[i + 1]!);
    }
    return { host, forwardedHost: request.headers.get('x-forwarded-host') };
  }
  const host = request.headers.get('host') ?? new URL(request.url).host;
  return { host: [host], forwardedHost: request.headers.get('x-forwarded-host') };
}

/** Resolves the request's tenant; throws the error the door answers with when it may not come in. */
export async function admit(
  config: Pick<Config, 'baseDomain' | 'trustProxy' | 'unknownHostPolicy'>,
  hosts: HostResolver,
  headers: HostHeaders,
): Promise<Admission> {
  const key = resolveHost(headers, config);
  switch (key.kind) {
    case 'invalid':
      throw new BadUserInputError(`Invalid Host header: ${key.reason}.`);
    case 'platform':
      return { tenant: null };
    case 'ip':
      return unknownHost(config);
    case 'tenant': {
      const tenant = await hosts.lookup(key);
      switch (tenant?.status) {
        case 'active':
          // A restore is swapping the tenant's schema: a moment, asked to retry (restoring.ts, backup-service.ts).
          if (isRestoring(tenant))
            throw new TenantNotReadyError(
              'This tenant is being restored from a backup; try again in a moment.',
              RESTORE_RETRY_AFTER_SECONDS,
            );
          return { tenant };
        case 'suspended':
          throw new TenantSuspendedError();
        case 'pending':
          throw new TenantNotReadyError(undefined, PENDING_RETRY_AFTER_SECONDS);
        default: // none, archived, or a status this code does not know: fail closed
          return unknownHost(config);
      }
    }
  }
}

function unknownHost(config: Pick<Config, 'unknownHostPolicy'>): Admission {
  if (config.unknownHostPolicy === 'platform') return { tenant: null };
  throw new TenantNotFoundError();
}

/** What the door decided, per request: the admission, or null when it refused. */
const decisions = new WeakMap<Request, Admission | null>();

/** The door's decision for a request, kept for its context (null: refused). */
export function recordAdmission(request: Request, admission: Admission | null): void {
  decisions.set(request, admission);
}

export function doorDecided(request: Request): boolean {
  return decisions.has(request);
}

/**
 * The tenant of a request, for its context. A request the door did not see (another plugin replaced
 * it) is admitted again here, and a refusal is thrown: never a silent fallback to "no tenant".
 */
export async function admittedTenant(
  config: Config,
  hosts: HostResolver,
  request: Request,
  serverContext: unknown,
): Promise<Tenant | null> {
  const admission = decisions.get(request) ?? (await admit(config, hosts, hostHeadersOf(request, serverContext)));
  return admission.tenant;
}
