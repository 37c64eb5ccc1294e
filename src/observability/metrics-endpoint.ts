// GET /metrics in Prometheus text format. Registered before the tenant door: a scraper reaches it
// on any Host. With METRICS_TOKEN set, it answers only `Authorization: Bearer <METRICS_TOKEN>`
// (the series name tenants, which a public gateway should not tell everyone).
import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

export function metricsEndpointPlugin(metrics: GatewayMetrics, token: string | undefined): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
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
