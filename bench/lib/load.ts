// One bounded load run with autocannon (programmatic API) against a server on 127.0.0.1: stops at
// `durationS` or after `maxRequests`, whichever comes first. Only loopback URLs are accepted.
import autocannon from 'autocannon';

export interface LoadTarget {
  url: string;
  /** Host header (which tenant); several hosts are used round-robin, one per request. */
  hosts: string[];
  body: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses that were not 2xx, plus socket errors and timeouts: a run with any is not a valid sample. */
  failures: number;
}

export interface LoadOptions {
  durationS: number;
  maxRequests: number;
  connections: number;
}

export async function runLoad(target: LoadTarget, opts: LoadOptions): Promise<LoadResult> {
  const url = new URL(target.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`benchmarks only load 127.0.0.1, not ${url.hostname}`);
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...target.headers };
  let next = 0;
  const hosts = target.hosts;
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections: opts.connections,
    pipelining: 1,
    duration: opts.durationS,
    maxOverallRequests: Math.max(opts.maxRequests, opts.connections),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        body: target.body,
        // Host picks the tenant: each request takes the next host of the list.
        setupRequest: (request) => ({ ...request, headers: { ...headers, host: hosts[next++ % hosts.length]! } }),
      },
    ],
  });
  return {
    rps: result.requests.total / (result.duration || opts.durationS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
