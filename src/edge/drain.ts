// Graceful stop of the HTTP server: refuse new connections at once, let the requests already in
// flight finish (for at most `timeoutMs`), then close every connection that is left.
import type { Server, ServerResponse } from 'node:http';

export interface RequestDrain {
  inFlight(): number;
  /** Resolves true when every in-flight request finished in time, false when some were cut off. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function trackRequests(server: Server): RequestDrain {
  const active = new Set<ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | undefined;

  server.on('request', (_req, res: ServerResponse) => {
    active.add(res);
    // A keep-alive connection may still carry a request while we drain: it is the last one on it.
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      active.delete(res);
      if (active.size === 0) onIdle?.();
    });
  });

  return {
    inFlight: () => active.size,
    async drain(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const finished =
        active.size === 0 ||
        (await Promise.race([
          new Promise<true>((resolve) => (onIdle = () => resolve(true))),
          new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
        ]));
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
      return finished;
    },
  };
}
