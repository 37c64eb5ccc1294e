// /healthz: the process is up. /readyz: the database answers, the control plane is migrated and
// start-up work (the development demo seed) is done.
import type { Plugin } from 'graphql-yoga';
import { controlPlaneIsMigrated } from '../db/control-plane.js';
import type { Services } from '../services.js';

export function healthPlugin(services: Services): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/healthz') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (url.pathname === '/readyz') {
        const starting = services.readiness.pendingReason();
        const ready =
          starting ??
          (await controlPlaneIsMigrated(services.db.pool).then(
            (migrated) => (migrated ? 'ok' : 'migrations pending'),
            (err: Error) => {
              // The reason is for operators (the log), not for whoever can reach the probe.
              services.logger.warn({ err: err.message }, 'readiness check failed');
              return 'database unavailable';
            },
          ));
        endResponse(fetchAPI.Response.json({ status: ready }, { status: ready === 'ok' ? 200 : 503 }));
      }
    },
  };
}
