// A subject and its baseline measured in alternating rounds (A B, B A, A B …) so that drift in the
// machine's load hits both alike; each pair of adjacent runs gives one ratio, and the reported ratio
// is the median of those. Before measuring, one request to each checks that the answer is right.
import { request } from 'node:http';
import { runLoad, type LoadOptions, type LoadResult, type LoadTarget } from './load.js';
import { median, round } from './stats.js';

export interface SideBySideOptions extends LoadOptions {
  rounds: number;
  warmupS: number;
}

export interface SideSummary {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
}

export interface SideBySideResult {
  subject: SideSummary;
  baseline: SideSummary;
  /** Median over rounds of subject rps / baseline rps. */
  throughputRatio: number;
  /** Median over rounds of subject p99 / baseline p99. */
  p99Ratio: number;
  rounds: { subject: LoadResult; baseline: LoadResult }[];
}

/** One request; resolves with the parsed JSON body (throws on a non-200 answer). */
export function probe(target: LoadTarget): Promise<any> {
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...target.headers,
          host: target.hosts[0],
        },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(body))
            : reject(new Error(`${res.statusCode} from ${target.url} (${target.hosts[0]}): ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(target.body);
  });
}

function summarize(results: LoadResult[]): SideSummary {
  return {
    rps: round(median(results.map((r) => r.rps)), 1),
    p50: round(median(results.map((r) => r.p50)), 2),
    p99: round(median(results.map((r) => r.p99)), 2),
    requests: results.reduce((n, r) => n + r.requests, 0),
    failures: results.reduce((n, r) => n + r.failures, 0),
  };
}

export async function sideBySide(
  subject: LoadTarget,
  baseline: LoadTarget,
  opts: SideBySideOptions,
): Promise<SideBySideResult> {
  if (opts.warmupS > 0) {
    const warm = { ...opts, durationS: opts.warmupS };
    await runLoad(subject, warm);
    await runLoad(baseline, warm);
  }
  const rounds: SideBySideResult['rounds'] = [];
  for (let i = 0; i < opts.rounds; i++) {
    if (i % 2 === 0) {
      const s = await runLoad(subject, opts);
      rounds.push({ subject: s, baseline: await runLoad(baseline, opts) });
    } else {
      const b = await runLoad(baseline, opts);
      rounds.push({ subject: await runLoad(subject, opts), baseline: b });
    }
  }
  return {
    subject: summarize(rounds.map((r) => r.subject)),
    baseline: summarize(rounds.map((r) => r.baseline)),
    throughputRatio: round(median(rounds.map((r) => r.subject.rps / r.baseline.rps)), 3),
    p99Ratio: round(median(rounds.map((r) => r.subject.p99 / Math.max(r.baseline.p99, 0.001))), 3),
    rounds,
  };
}
