import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationRecordName, verifyDomainOwnership } from '../../../src/control-plane/domain-verification.js';
import { startTestDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';

let dns: TestDnsServer;
const token = 'c0ffee4b8f1d2e3a9b7c6d5e4f3a2b1c';

beforeAll(async () => {
  dns = await startTestDnsServer();
});
afterAll(async () => {
  await dns?.close();
});

const verify = (domain: string, opts: { timeoutMs?: number } = {}) =>
  verifyDomainOwnership(domain, token, { servers: [dns.address], timeoutMs: 2_000, ...opts });

describe('verifyDomainOwnership (against a DNS server on 127.0.0.1)', () => {
  it('looks for the token at _tenant-verification.<domain>', () => {
    expect(verificationRecordName('shop.acme.io')).toBe('_tenant-verification.shop.acme.io');
  });

  it('verifies a domain whose TXT record equals the token', async () => {
    dns.zone.txt.set('_tenant-verification.match.test', [[token]]);
    expect(await verify('match.test')).toEqual({ verified: true });
  });

  it('verifies when one of several TXT records equals the token', async () => {
    dns.zone.txt.set('_tenant-verification.several.test', [['v=spf1 -all'], ['old-token'], [token]]);
    expect(await verify('several.test')).toEqual({ verified: true });
  });

  it('joins the strings of a multi-string TXT record into one value', async () => {
    dns.zone.txt.set('_tenant-verification.split.test', [[token.slice(0, 10), token.slice(10, 20), token.slice(20)]]);
    expect(await verify('split.test')).toEqual({ verified: true });
  });

  it('does not verify when the token is only spread across separate records', async () => {
    dns.zone.txt.set('_tenant-verification.spread.test', [[token.slice(0, 16)], [token.slice(16)]]);
    expect(await verify('spread.test')).toEqual({
      verified: false,
      reason: '_tenant-verification.spread.test has 2 TXT records but none equals the verification token',
    });
  });

  it('does not verify a record with another value, and says why', async () => {
    dns.zone.txt.set('_tenant-verification.mismatch.test', [['someone-elses-token']]);
    expect(await verify('mismatch.test')).toEqual({
      verified: false,
      reason: '_tenant-verification.mismatch.test has 1 TXT record but none equals the verification token',
    });
  });

  it('does not verify a token that only contains the expected one', async () => {
    dns.zone.txt.set('_tenant-verification.prefixed.test', [[`token=${token}`]]);
    expect((await verify('prefixed.test')).verified).toBe(false);
  });

  it('reports a missing record (NXDOMAIN) as not verified, with a reason', async () => {
    expect(await verify('missing.test')).toEqual({
      verified: false,
      reason: expect.stringMatching(/_tenant-verification\.missing\.test does not exist \(NXDOMAIN\)/),
    });
  });

  it('reports a name without TXT records (NODATA) as not verified, with a reason', async () => {
    dns.zone.exists.add('_tenant-verification.nodata.test');
    expect(await verify('nodata.test')).toEqual({
      verified: false,
      reason: expect.stringMatching(/_tenant-verification\.nodata\.test has no TXT record/),
    });
  });

  it('reports a failing server (SERVFAIL) as not verified instead of throwing', async () => {
    dns.zone.failing.add('_tenant-verification.broken.test');
    expect(await verify('broken.test')).toEqual({ verified: false, reason: expect.stringMatching(/SERVFAIL|failed/) });
  });

  it('gives up after the timeout when the server never answers, without throwing', async () => {
    dns.zone.silent.add('_tenant-verification.slow.test');
    const started = performance.now();
    const result = await verify('slow.test', { timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result).toEqual({ verified: false, reason: expect.stringMatching(/timed out after 300 ms/) });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('never verifies with an empty token, even if the record is empty too', async () => {
    dns.zone.txt.set('_tenant-verification.empty.test', [['']]);
    expect(await verifyDomainOwnership('empty.test', '', { servers: [dns.address] })).toEqual({
      verified: false,
      reason: 'the domain has no verification token',
    });
  });

  it('asks the configured server, not the system resolver', async () => {
    const before = dns.queries;
    dns.zone.txt.set('_tenant-verification.counted.test', [[token]]);
    await verify('counted.test');
    expect(dns.queries).toBeGreaterThan(before);
  });
});
