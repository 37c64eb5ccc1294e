// The HTTP layer builds each request's URL from its Host header and request target before any
// plugin runs. When they do not form a URL (a space or non-ASCII in Host, an out-of-range IPv4
// address, a bad port, an absolute-form target next to a Host with a port) it throws there and
// answers 500 with the stack trace as the body. Such requests are refused here, in front of Yoga,
// with the door's 400 and, where the door would have one, the door's reason.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BadUserInputError } from '../errors.js';
import { doorResponse } from './door-response.js';
import { resolveHost } from '../tenancy/resolve-host.js';

/** As @whatwg-node/server builds it (a base URL, so an empty Host still parses). */
const parses = (host: string, target: string) => URL.canParse(`http://${host}${target}`, 'http://localhost');

function problemWith(req: IncomingMessage): string | null {
  const host = req.headers.host;
  if (host === undefined || parses(host, req.url ?? '/')) return null;
  if (!parses(host, '/')) {
    const key = resolveHost({ host: [host] }, { baseDomain: 'localhost', trustProxy: false });
    return `Invalid Host header: ${key.kind === 'invalid' ? key.reason : 'it is not a valid host name or IP address'}.`;
  }
  return 'Invalid request target: send a path such as /graphql.';
}

export function refuseUnparsableRequests(handler: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const problem = problemWith(req);
    if (!problem) return handler(req, res);
    const request = new Request('http://refused.invalid/', { headers: { accept: req.headers.accept ?? '' } });
    const refusal = doorResponse(new BadUserInputError(problem), request, { Response });
    void refusal.text().then((body) => {
      res.writeHead(refusal.status, Object.fromEntries(refusal.headers));
      res.end(body);
    });
  };
}
