import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('host routing configuration', () => {
  it('caches host answers for 60 s, 10 000 of each kind, by default', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).hostCache).toEqual({ ttlMs: 60_000, max: 10_000 });
    expect(
      loadConfig({ NODE_ENV: 'development', HOST_CACHE_TTL_SECONDS: '5', HOST_CACHE_MAX: '42' }).hostCache,
    ).toEqual({ ttlMs: 5000, max: 42 });
  });

  it('lets unknown hosts through as the platform only in development, unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).unknownHostPolicy).toBe('platform');
    expect(loadConfig({ NODE_ENV: 'test' }).unknownHostPolicy).toBe('reject');
    expect(loadConfig({ NODE_ENV: 'development', UNKNOWN_HOST_POLICY: 'reject' }).unknownHostPolicy).toBe('reject');
    expect(loadConfig({ NODE_ENV: 'test', UNKNOWN_HOST_POLICY: 'platform' }).unknownHostPolicy).toBe('platform');
  });

  it('names the variable when a value is invalid', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', UNKNOWN_HOST_POLICY: 'allow' })).toThrow(/UNKNOWN_HOST_POLICY/);
    expect(() => loadConfig({ NODE_ENV: 'development', HOST_CACHE_TTL_SECONDS: '0' })).toThrow(
      /HOST_CACHE_TTL_SECONDS/,
    );
    expect(() => loadConfig({ NODE_ENV: 'development', HOST_CACHE_MAX: 'many' })).toThrow(/HOST_CACHE_MAX/);
  });
});
