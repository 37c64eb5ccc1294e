// GET /metrics in Prometheus text format. Registered before the tenant door: a scraper reaches it
// on any Host. With METRICS_TOKEN set, it answers only `Authorization: Bearer <METRICS_TOKEN>`
// (the series name tenants, which a public gateway should not tell everyone). In production without
// METRICS_TOKEN it is off (404).
import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

export function metricsEndpointPlugin(metrics: GatewayMetrics, token: string | undefined, closed = false): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH) return;
      if (closed) {
        // Production without METRICS_TOKEN: the series name tenants, so nobody reads them.
        endResponse(
          new fetchAPI.Response('Metrics are off: set METRICS_TOKEN (at least 16 characters) to serve them.\n', {
            status: 404,
          }),
        );
      } else if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response('Use GET.\n', { status: 405, headers: { allow: 'GET, HEAD' } }));
      } else if (token && !sameSecret(request.headers.get('authorization') ?? '', `Bearer ${token}`)) {
        endResponse(
          new fetchAPI.Response('Send Authorization: Bearer <METRICS_TOKEN>.\n', {
            status: 401,
            headers: { 'www-authenticate': 'Bearer realm="metrics"' },
          }),
        );
      } else {
        const body = await metrics.registry.metrics();
        endResponse(new fetchAPI.Response(body, { headers: { 'content-type': metrics.registry.contentType } }));
      }
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
