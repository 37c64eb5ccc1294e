// The door: every request except the probes is admitted for its Host's tenant, or refused before its
// body is read (400 invalid Host, 404 unknown/archived, 403 suspended, 503 pending + Retry-After).
import type { Plugin } from 'graphql-yoga';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { UNEXPECTED_ERROR_MESSAGE } from './error-masking.js';
import { requestIdOf } from './request-id.js';
import { AppError, DatabaseUnavailableError } from '../errors.js';
import type { Services } from '../services.js';
import { admit, doorDecided, hostHeadersOf, recordAdmission } from '../tenancy/admission.js';
import { doorResponse, type Refusal } from './door-response.js';

/** Probes answer for the process, whatever host a load balancer or scraper uses. */
const NOT_SUBJECT_TO_THE_DOOR = new Set(['/healthz', '/readyz', '/metrics']);

export function tenantDoorPlugin(services: Services): Plugin {
  const decide = async (request: Request, serverContext: unknown, path: string): Promise<Refusal | null> => {
    try {
      recordAdmission(request, await admit(services.config, services.hosts, hostHeadersOf(request, serverContext)));
      return null;
    } catch (err) {
      recordAdmission(request, null);
      // Whatever a hook throws here would reach the client as a 500 whose body is the stack trace.
      if (!(err instanceof AppError) && !isDatabaseUnavailable(err)) {
        services.logger.error({ err, requestId: requestIdOf(request), path }, 'unexpected error at the door (masked)');
        return {
          message: UNEXPECTED_ERROR_MESSAGE,
          code: 'INTERNAL_SERVER_ERROR',
          extensions: { http: { status: 500 } },
        };
      }
      const refusal = err instanceof AppError ? err : new DatabaseUnavailableError();
      services.logger.debug({ code: refusal.code, host: request.headers.get('host'), path }, 'refused at the door');
      return refusal;
    }
  };
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (NOT_SUBJECT_TO_THE_DOOR.has(url.pathname)) return;
      const refusal = await decide(request, serverContext, url.pathname);
      if (refusal) endResponse(doorResponse(refusal, request, fetchAPI));
    },
    // Yoga runs its own request hooks (GraphiQL, CORS preflight) before any user plugin's, and they
    // may answer without reaching the door: such an answer is checked here and replaced if refused.
    async onResponse({ request, serverContext, setResponse, fetchAPI }) {
      if (doorDecided(request)) return;
      const path = new URL(request.url).pathname;
      if (NOT_SUBJECT_TO_THE_DOOR.has(path)) return;
      const refusal = await decide(request, serverContext, path);
      if (refusal) setResponse(doorResponse(refusal, request, fetchAPI));
    },
  };
}
