// Real HTTP requests to a listening gateway, with full control of what is sent: fetch() cannot set Host,
// so `http` speaks HTTP/1.1 over node:http; and no client library will send two Host headers, none at
// all, or raw UTF-8 in a header, so `rawRequest` writes the request byte for byte on a socket.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { GraphQLError } from './api.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = unknown>(): T;
}

export interface HttpOptions {
  method?: string;
  /** The Host header, as is. */
  host?: string;
  headers?: Record<string, string>;
  /** Several strings are written one by one, without Content-Length (chunked), as a streaming client would. */
  body?: string | string[];
}

export function http(url: string | URL, opts: HttpOptions = {}): Promise<HttpResponse> {
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
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of Array.isArray(opts.body) ? opts.body : []) req.write(chunk);
    req.end(Array.isArray(opts.body) ? undefined : opts.body);
  });
}

/**
 * A GET of `path`, or a POST of `body` as JSON when there is one, on `host` at the server's port
 * (the Host a browser sends for that URL).
 */
export function send(
  baseUrl: string,
  path: string,
  opts: { host?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  const target = new URL(path, baseUrl);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return http(target, {
    method: payload ? 'POST' : 'GET',
    host: opts.host ? `${opts.host}:${target.port}` : undefined,
    headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: payload,
  });
}

/** A GraphQL answer as it arrives over HTTP; `T` is what `data` holds. */
export interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLError[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLHttpResponse<T> extends HttpResponse {
  json<B = GraphQLBody<T>>(): B;
}

/** A GraphQL POST as an API client sends it; `T` types what the answer's `data` holds. */
export function graphqlPost<T = unknown>(
  baseUrl: string,
  host: string,
  query: string,
  headers: Record<string, string> = {},
): Promise<GraphQLHttpResponse<T>> {
  return http(`${baseUrl}/graphql`, {
    method: 'POST',
    host,
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body: JSON.stringify({ query }),
  });
}

export interface RawRequest {
  method: string;
  path: string;
  /** In order, duplicates allowed; values are written as UTF-8 bytes. */
  headers: [string, string][];
  body?: string;
  /** HTTP/1.0 by default, so the answer is never chunked and ends when the server closes the connection. */
  version?: '1.0' | '1.1';
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  const lines = [
    `${req.method} ${req.path} HTTP/${req.version ?? '1.0'}`,
    ...req.headers.map(([k, v]) => `${k}: ${v}`),
  ];
  if (body && !req.headers.some(([k]) => k.toLowerCase() === 'content-length'))
    lines.push(`Content-Length: ${body.length}`);
  if (req.version === '1.1') lines.push('Connection: close');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // write, not end: a half-closed socket makes Node drop the request before answering. HTTP/1.0 closes after the answer.
    const socket = connect(Number(port), hostname, () => socket.write(body ? Buffer.concat([head, body]) : head));
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (err) => {
      clearTimeout(timer);
      // The server may close after answering while we are still writing a large body.
      if ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET')
        finish();
      else reject(err);
    });
    socket.on('close', () => finish());
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(parseRaw(Buffer.concat(chunks)));
    }
  });
}

function parseRaw(raw: Buffer): RawResponse {
  const text = raw.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = end < 0 ? '' : text.slice(end + 4);
  if (headers['transfer-encoding']?.includes('chunked')) body = unchunk(body);
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body };
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
