// A TCP proxy between a gateway and Postgres that a test can cut: `cut()` closes every connection
// and refuses new ones (ECONNREFUSED, as a stopped server does), `restore()` listens again on the
// same port. It simulates a database outage without touching the server other tests share.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The upstream URL with host and port replaced by the proxy's. */
  url: string;
  port: number;
  /** Connections currently open through the proxy. */
  open(): number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamUrl: string): Promise<TcpProxy> {
  const upstream = new URL(upstreamUrl);
  const target = { host: upstream.hostname, port: Number(upstream.port || 5432) };
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const backend = connect(target);
        for (const socket of [client, backend]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(backend).pipe(client);
        client.on('close', () => backend.destroy());
        backend.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });

  const stopListening = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    port,
    open: () => sockets.size / 2,
    cut: stopListening,
    restore: () => (server ? Promise.resolve() : listen()),
    close: stopListening,
  };
}
