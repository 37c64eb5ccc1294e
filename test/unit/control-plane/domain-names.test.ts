import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/errors.js';
import { normalizeDomain } from '../../../src/control-plane/domain-names.js';

const opts = { baseDomain: 'example.com' };

function rejection(input: string, baseDomain = opts.baseDomain): BadUserInputError {
  try {
    normalizeDomain(input, { baseDomain });
  } catch (err) {
    return err as BadUserInputError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('normalizeDomain', () => {
  it.each([
    ['shop.acme.io', 'shop.acme.io'],
    ['  Shop.ACME.io  ', 'shop.acme.io'],
    ['acme.io.', 'acme.io'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['MÜNCHEN.de', 'xn--mnchen-3ya.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['☃.net', 'xn--n3h.net'],
    ['ｓｈｏｐ.acme.io', 'shop.acme.io'],
    ['my-shop.co.uk', 'my-shop.co.uk'],
    ['123.acme.io', '123.acme.io'],
    ['notexample.com', 'notexample.com'],
    [`${'a'.repeat(63)}.io`, `${'a'.repeat(63)}.io`],
  ])('turns %j into %j', (input, expected) => {
    expect(normalizeDomain(input, opts)).toBe(expected);
  });

  it('accepts a name of exactly 253 characters', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name).toHaveLength(253);
    expect(normalizeDomain(name, opts)).toBe(name);
  });

  it.each<[string, RegExp]>([
    ['', /domain is required/],
    ['   ', /domain is required/],
    ['.', /domain is required/],
    ['localhost', /at least two labels/],
    ['acme', /at least two labels/],
    ['acme.io..', /empty labels/],
    ['a..b.io', /empty labels/],
    ['.acme.io', /empty labels/],
    ['-acme.io', /not a valid domain label/],
    ['acme-.io', /not a valid domain label/],
    ['https://acme.io', /no scheme, port, path/],
    ['acme.io/path', /no scheme, port, path/],
    ['acme.io:8080', /IP address|no scheme, port/],
    ['ac me.io', /no scheme, port, path or " "/],
    ['acme_shop.io', /no scheme, port, path or "_"/],
    ['exa%41mple.io', /no scheme, port, path or "%"/],
    ['user@acme.io', /no scheme, port, path or "@"/],
    ['xn--zz.io', /not a valid domain name/],
    [`${'a'.repeat(64)}.io`, /at most 63 characters/],
    [`${'a.'.repeat(126)}io`, /at most 253 characters/],
  ])('refuses %j with a clear message on field "domain"', (input, message) => {
    const error = rejection(input);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'domain' });
    expect(error.message).toMatch(message);
  });

  it.each(['1.2.3.4', '10.0.0.1.', '::1', '[::1]', '2001:db8::1', '0x7f.1', '127.1', 'acme.123', '１２７.0.0.1'])(
    'refuses the IP literal %j',
    (input) => {
      expect(rejection(input).message).toMatch(/is an IP address/);
    },
  );

  it.each([
    'example.com',
    'EXAMPLE.com.',
    'www.example.com',
    'acme.example.com',
    'deep.acme.example.com',
    'ｅｘａｍｐｌｅ.com',
  ])('refuses %j: the base domain and its subdomains are slug hosts', (input) => {
    expect(rejection(input).message).toMatch(
      /platform domain or under it; tenants are already served at <slug>\.example\.com/,
    );
  });

  it('compares with the base domain in canonical form', () => {
    expect(rejection('shop.localhost', 'LOCALHOST.').message).toMatch(/platform domain/);
    expect(normalizeDomain('shop.acme.io', { baseDomain: 'localhost' })).toBe('shop.acme.io');
  });

  it('refuses a value that is not a string', () => {
    expect(rejection(42 as unknown as string).message).toMatch(/must be a string/);
  });
});
