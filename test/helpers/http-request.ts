// HTTP with node:http, for what fetch cannot do: set the Host header the gateway routes on.
import { request as httpRequest } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function send(
  baseUrl: string,
  path: string,
  opts: { host?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const target = new URL(path, baseUrl);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      target,
      {
        method: payload ? 'POST' : 'GET',
        headers: {
          ...(opts.host ? { host: `${opts.host}:${target.port}` } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
