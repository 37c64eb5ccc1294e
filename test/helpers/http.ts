// Real HTTP requests with full control of the headers: fetch() cannot set Host, and no client will
// send two Host headers, so this speaks HTTP/1.1 over node:http (or a raw socket) instead.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = any>(): T;
}

export interface HttpOptions {
  method?: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function http(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: opts.method ?? 'GET',
        headers: { ...(opts.host ? { host: opts.host } : {}), ...opts.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A GraphQL POST as an API client sends it. */
export function graphqlPost(baseUrl: string, host: string, query: string, headers: Record<string, string> = {}) {
  return http(`${baseUrl}/graphql`, {
    method: 'POST',
    host,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}

/** Sends `head` (request line and headers, CRLF-separated, without the blank line) as is; returns the status. */
export function rawHttpStatus(baseUrl: string, head: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }));
  });
}
