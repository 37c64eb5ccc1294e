import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const key = (id: string) => `${id}:${Buffer.alloc(32, 7).toString('base64')}`;

describe('loadConfig', () => {
  it('gives documented defaults with an empty environment', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.port).toBe(4000);
    expect(config.env).toBe('development');
    expect(config.baseDomain).toBe('localhost');
    expect(config.trustProxy).toBe(false);
    expect(config.database.url).toBeUndefined();
    expect(config.database.poolMax).toBe(10);
    expect(config.database.maxLifetimeSeconds).toBe(300);
    expect(config.database.embeddedPort).toBe(54329);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ NODE_ENV: 'development', PORT: '', DATABASE_URL: '' }).port).toBe(4000);
  });

  it('names the variable when a value is invalid', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: expected a postgres/,
    );
    expect(() => loadConfig({ NODE_ENV: 'development', TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ NODE_ENV: 'development', BASE_DOMAIN: 'bad domain!' })).toThrow(/BASE_DOMAIN/);
    expect(() => loadConfig({ NODE_ENV: 'development', DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('lists every invalid variable at once', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: '-1', NODE_ENV: 'staging' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(/PORT/);
    expect(error?.message).toMatch(/NODE_ENV/);
  });

  it('parses encryption keys newest first and rejects malformed ones', () => {
    const config = loadConfig({ NODE_ENV: 'development', SETTINGS_ENCRYPTION_KEYS: `${key('k2')},${key('k1')}` });
    expect(config.encryptionKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(() => loadConfig({ NODE_ENV: 'development', SETTINGS_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(
      /SETTINGS_ENCRYPTION_KEYS: each entry/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'development', SETTINGS_ENCRYPTION_KEYS: `${key('k1')},${key('k1')}` }),
    ).toThrow(/appears twice/);
  });

  it('refuses production without a JWT key and encryption keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL[\s\S]*SETTINGS_ENCRYPTION_KEYS/,
    );
    const ok = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), SETTINGS_ENCRYPTION_KEYS: key('k1') });
    expect(ok.isProduction).toBe(true);
  });
});
