// A tiny authoritative DNS server on 127.0.0.1 (UDP, free port) for tests that resolve real DNS.
// Packets are encoded with dns-packet; the zone is a plain map the test edits as it goes.
import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';

export interface TestZone {
  /** TXT records per name (lower-case): each record is a list of character-strings. */
  txt: Map<string, string[][]>;
  /** Names that exist but have no TXT record (NODATA). */
  exists: Set<string>;
  /** Names the server never answers (the client times out). */
  silent: Set<string>;
  /** Names answered with SERVFAIL. */
  failing: Set<string>;
}

export interface TestDnsServer {
  zone: TestZone;
  /** `127.0.0.1:<port>`, ready for Resolver#setServers. */
  address: string;
  queries: number;
  close(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

export async function startTestDnsServer(): Promise<TestDnsServer> {
  const zone: TestZone = { txt: new Map(), exists: new Set(), silent: new Set(), failing: new Set() };
  const socket: Socket = createSocket('udp4');
  const server: TestDnsServer = {
    zone,
    address: '',
    queries: 0,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };

  socket.on('message', (message, peer) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    server.queries++;
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    if (zone.silent.has(name)) return;

    let rcode: number = RCODE.NOERROR;
    const answers: dnsPacket.Answer[] = [];
    if (zone.failing.has(name)) {
      rcode = RCODE.SERVFAIL;
    } else if (zone.txt.has(name)) {
      if (question.type === 'TXT') {
        for (const strings of zone.txt.get(name)!)
          answers.push({ type: 'TXT', name: question.name, ttl: 60, data: strings });
      }
    } else if (!zone.exists.has(name)) {
      rcode = RCODE.NXDOMAIN;
    }

    const response = dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcode,
      questions: [question],
      answers,
    });
    socket.send(response, peer.port, peer.address);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  server.address = `127.0.0.1:${socket.address().port}`;
  return server;
}
