import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('loadConfig: DNS verification and usage settings', () => {
  it('defaults to the system resolvers, a 5 s DNS timeout, a hard API call limit and a 10 s usage flush', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.dns).toEqual({ resolvers: undefined, timeoutMs: 5_000 });
    expect(config.usage).toEqual({ apiCallLimitMode: 'hard', flushIntervalMs: 10_000, storageRefreshMs: 3_600_000 });
  });

  it('reads DNS resolvers as ip, ip:port or [ipv6]:port', () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      DNS_RESOLVERS: '1.1.1.1, 127.0.0.1:5353,::1,[2001:db8::53]:53',
      DNS_TIMEOUT_MS: '750',
    });
    expect(config.dns).toEqual({
      resolvers: ['1.1.1.1', '127.0.0.1:5353', '::1', '[2001:db8::53]:53'],
      timeoutMs: 750,
    });
  });

  it.each(['dns.google', '1.1.1.1:0', '1.1.1.1:70000', '1.2.3', '[::1]'])(
    'refuses DNS_RESOLVERS=%j, naming the variable',
    (value) => {
      expect(() => loadConfig({ NODE_ENV: 'development', DNS_RESOLVERS: value })).toThrow(
        /DNS_RESOLVERS: .* is not ip, ip:port or \[ipv6\]:port/,
      );
    },
  );

  it('reads the API call limit mode and refuses unknown ones', () => {
    expect(loadConfig({ NODE_ENV: 'development', API_CALL_LIMIT_MODE: 'soft' }).usage.apiCallLimitMode).toBe('soft');
    expect(loadConfig({ NODE_ENV: 'development', API_CALL_LIMIT_MODE: 'off' }).usage.apiCallLimitMode).toBe('off');
    expect(() => loadConfig({ NODE_ENV: 'development', API_CALL_LIMIT_MODE: 'strict' })).toThrow(/API_CALL_LIMIT_MODE/);
  });

  it('refuses out-of-range timings', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', DNS_TIMEOUT_MS: '0' })).toThrow(/DNS_TIMEOUT_MS/);
    expect(() => loadConfig({ NODE_ENV: 'development', USAGE_FLUSH_INTERVAL_MS: '5' })).toThrow(
      /USAGE_FLUSH_INTERVAL_MS/,
    );
    expect(loadConfig({ NODE_ENV: 'development', STORAGE_USAGE_REFRESH_SECONDS: '0' }).usage.storageRefreshMs).toBe(0);
  });
});
