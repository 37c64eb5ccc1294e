// /healthz: the process is up. /readyz: the database answers and the control plane is migrated.
import type { Plugin } from 'graphql-yoga';
import { controlPlaneIsMigrated } from './db/control-plane.js';
import type { Services } from './services.js';

export function healthPlugin(services: Services): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/healthz') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (url.pathname === '/readyz') {
        const ready = await controlPlaneIsMigrated(services.db.pool).then(
          (migrated) => (migrated ? 'ok' : 'migrations pending'),
          (err: Error) => {
            // The reason is for operators (the log), not for whoever can reach the probe.
            services.logger.warn({ err: err.message }, 'readiness check failed');
            return 'database unavailable';
          },
        );
        endResponse(fetchAPI.Response.json({ status: ready }, { status: ready === 'ok' ? 200 : 503 }));
      }
    },
  };
}
