import { describe, expect, it } from 'vitest';
import { resolveHost, type HostHeaders, type HostKey } from '../../../src/tenancy/resolve-host.js';

const config = { baseDomain: 'example.com', trustProxy: false };
const trusted = { ...config, trustProxy: true };
const host = (...values: string[]): HostHeaders => ({ host: values });

const tenant = (name: string, slug: string | null = null): HostKey => ({ kind: 'tenant', host: name, slug });
const platform = (name: string): HostKey => ({ kind: 'platform', host: name });
const ip = (address: string): HostKey => ({ kind: 'ip', host: address });
/** Three 63-character labels, one that makes up the rest, then example.com. */
const nameOfLength = (n: number) => `${`${'x'.repeat(63)}.`.repeat(3)}${'y'.repeat(n - 192 - 1 - 11)}.example.com`;

describe('resolveHost', () => {
  const cases: [string, HostHeaders, HostKey | RegExp][] = [
    // the tenant's subdomain, in every spelling a client may send
    ['a tenant subdomain', host('acme.example.com'), tenant('acme.example.com', 'acme')],
    ['a port', host('acme.example.com:4000'), tenant('acme.example.com', 'acme')],
    ['upper case', host('ACME.Example.COM'), tenant('acme.example.com', 'acme')],
    ['a trailing dot', host('acme.example.com.'), tenant('acme.example.com', 'acme')],
    ['a trailing dot and a port', host('acme.example.com.:443'), tenant('acme.example.com', 'acme')],
    ['surrounding spaces', host('  acme.example.com  '), tenant('acme.example.com', 'acme')],
    ['a hyphenated slug', host('big-shop.example.com'), tenant('big-shop.example.com', 'big-shop')],
    // the platform host
    ['the base domain', host('example.com'), platform('example.com')],
    ['the base domain with a port', host('EXAMPLE.com:8080'), platform('example.com')],
    ['www. of the base domain', host('www.example.com'), platform('www.example.com')],
    ['www. of the base domain with a trailing dot', host('WWW.example.com.'), platform('www.example.com')],
    // only one label deep is a slug; everything else is a custom-domain candidate
    ['two labels under the base domain', host('a.acme.example.com'), tenant('a.acme.example.com')],
    ['www under a tenant', host('www.acme.example.com'), tenant('www.acme.example.com')],
    ['a label that cannot be a slug', host('1acme.example.com'), tenant('1acme.example.com')],
    ['a custom domain', host('shop.acme.org'), tenant('shop.acme.org')],
    ['a look-alike of the base domain', host('evilexample.com'), tenant('evilexample.com')],
    ['the base domain as a prefix', host('example.com.evil.org'), tenant('example.com.evil.org')],
    // IDN: punycode is a name like any other; raw Unicode is refused
    ['a punycode custom domain', host('xn--bcher-kva.de'), tenant('xn--bcher-kva.de')],
    ['a punycode subdomain of the base domain', host('XN--BCHER-KVA.example.com'), tenant('xn--bcher-kva.example.com')],
    ['invalid punycode', host('xn--zz.example.com'), /not valid punycode/],
    ['raw Unicode', host('bücher.de'), /characters that are not allowed/],
    ['Unicode as Node decodes it (latin1)', host('bÃ¼cher.de'), /characters that are not allowed/],
    // IP literals name no tenant
    ['an IPv4 literal', host('127.0.0.1'), ip('127.0.0.1')],
    ['an IPv4 literal with a port', host('10.0.0.1:4000'), ip('10.0.0.1')],
    ['a shortened IPv4 literal', host('127.1'), ip('127.1')],
    ['a hex IPv4 literal', host('0x7f.0.0.1'), ip('0x7f.0.0.1')],
    ['an IPv6 literal', host('[::1]'), ip('::1')],
    ['an IPv6 literal with a port', host('[2001:DB8::1]:4000'), ip('2001:db8::1')],
    ['an unbracketed IPv6 literal', host('::1'), /port/],
    ['a malformed IPv6 literal', host('[not-an-ip]'), /malformed IPv6/],
    ['an unclosed IPv6 literal', host('[::1'), /malformed IPv6/],
    ['junk after an IPv6 literal', host('[::1]x'), /malformed IPv6/],
    // lengths
    [
      'a 63-character label',
      host(`${'a'.repeat(63)}.example.com`),
      tenant(`${'a'.repeat(63)}.example.com`, 'a'.repeat(63)),
    ],
    ['a 64-character label', host(`${'a'.repeat(64)}.example.com`), /label is longer than 63/],
    ['a 253-character name', host(nameOfLength(253)), tenant(nameOfLength(253))],
    ['a 254-character name', host(nameOfLength(254)), /longer than 253/],
    // syntax
    ['no Host header', { host: [] }, /missing or empty/],
    ['an empty Host header', host(''), /missing or empty/],
    ['a lone port', host(':4000'), /empty/],
    ['a lone dot', host('.'), /empty/],
    ['two Host headers', host('acme.example.com', 'beta.example.com'), /several Host headers/],
    ['two values in one Host header', host('acme.example.com, beta.example.com'), /several values/],
    ['a non-numeric port', host('acme.example.com:http'), /port/],
    ['a port above 65535', host('acme.example.com:65536'), /port/],
    ['two ports', host('acme.example.com:80:80'), /port/],
    ['an underscore', host('my_shop.example.com'), /not a valid DNS name/],
    ['a leading hyphen', host('-acme.example.com'), /not a valid DNS name/],
    ['an empty label', host('acme..example.com'), /not a valid DNS name/],
    ['a path', host('acme.example.com/evil'), /not a valid DNS name/],
    ['user info', host('user@acme.example.com'), /not a valid DNS name/],
    ['a space inside', host('acme example.com'), /characters that are not allowed/],
    ['a control character', host('acme.example.com\u0000'), /characters that are not allowed/],
    // X-Forwarded-Host is ignored unless the proxy is trusted
    [
      'a spoofed X-Forwarded-Host with trust off',
      { host: ['acme.example.com'], forwardedHost: 'victim.example.com' },
      tenant('acme.example.com', 'acme'),
    ],
    [
      'an invalid X-Forwarded-Host with trust off',
      { host: ['acme.example.com'], forwardedHost: '!!' },
      tenant('acme.example.com', 'acme'),
    ],
  ];

  const trustedCases: [string, HostHeaders, HostKey | RegExp][] = [
    [
      'X-Forwarded-Host with trust on',
      { host: ['10.0.0.5:8080'], forwardedHost: 'Acme.Example.com:443' },
      tenant('acme.example.com', 'acme'),
    ],
    // an appending proxy: the client's own value stays on the left, the proxy's is the rightmost
    [
      'the rightmost of several X-Forwarded-Host values (the one the trusted proxy added)',
      { host: ['internal'], forwardedHost: 'victim.example.com, acme.example.com' },
      tenant('acme.example.com', 'acme'),
    ],
    [
      'the rightmost X-Forwarded-Host value even when the client sent several',
      { host: ['internal'], forwardedHost: 'a.example.com,b.example.com, beta.example.com' },
      tenant('beta.example.com', 'beta'),
    ],
    ['Host when X-Forwarded-Host is absent', { host: ['beta.example.com'] }, tenant('beta.example.com', 'beta')],
    [
      'Host when X-Forwarded-Host is empty',
      { host: ['beta.example.com'], forwardedHost: ' ' },
      tenant('beta.example.com', 'beta'),
    ],
    ['an invalid X-Forwarded-Host', { host: ['acme.example.com'], forwardedHost: 'bad host' }, /not allowed/],
    [
      'X-Forwarded-Host naming the platform',
      { host: ['acme.example.com'], forwardedHost: 'www.example.com' },
      platform('www.example.com'),
    ],
  ];

  const check = (headers: HostHeaders, expected: HostKey | RegExp, cfg: typeof config) => {
    const key = resolveHost(headers, cfg);
    if (expected instanceof RegExp) {
      expect(key.kind).toBe('invalid');
      expect(key.kind === 'invalid' && key.reason).toMatch(expected);
    } else {
      expect(key).toEqual(expected);
    }
  };

  it.each(cases)('handles %s', (_name, headers, expected) => check(headers, expected, config));
  it.each(trustedCases)('behind a trusted proxy, reads %s', (_name, headers, expected) =>
    check(headers, expected, trusted),
  );

  it('treats localhost as the base domain it is configured to be', () => {
    expect(resolveHost(host('localhost:4000'), { baseDomain: 'localhost', trustProxy: false })).toEqual(
      platform('localhost'),
    );
    expect(resolveHost(host('acme.localhost:4000'), { baseDomain: 'localhost', trustProxy: false })).toEqual(
      tenant('acme.localhost', 'acme'),
    );
  });
});
