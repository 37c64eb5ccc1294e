// The edge's security settings: GraphQL Armor's defaults everywhere, developer tools off in production.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(32),
  SETTINGS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
};

describe('edge configuration', () => {
  it('defaults to limits at least as strict as GraphQL Armor, batching off and a 100 KiB body', () => {
    for (const env of [{ NODE_ENV: 'development' }, production]) {
      expect(loadConfig(env).graphql).toMatchObject({
        maxDepth: 6,
        maxAliases: 15,
        maxTokens: 1000,
        maxCost: 5000,
        maxDirectives: 50,
        batchLimit: 0,
        maxRequestBodyBytes: 102_400,
        executionTimeoutMs: 10_000,
      });
    }
  });

  it('turns the explorer and introspection on in development and test, off in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).graphql).toMatchObject({ graphiql: true, introspection: true });
    expect(loadConfig({ NODE_ENV: 'test' }).graphql).toMatchObject({ graphiql: true, introspection: true });
    expect(loadConfig(production).graphql).toMatchObject({ graphiql: false, introspection: false });
  });

  it('lets production enable them explicitly, and development disable them', () => {
    expect(loadConfig({ ...production, GRAPHIQL_ENABLED: 'true', INTROSPECTION_ENABLED: '1' }).graphql).toMatchObject({
      graphiql: true,
      introspection: true,
    });
    expect(
      loadConfig({ NODE_ENV: 'development', GRAPHIQL_ENABLED: 'false', INTROSPECTION_ENABLED: 'off' }).graphql,
    ).toMatchObject({ graphiql: false, introspection: false });
  });

  it('reads every limit from its variable', () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      GRAPHQL_MAX_DEPTH: '10',
      GRAPHQL_MAX_ALIASES: '3',
      GRAPHQL_MAX_TOKENS: '500',
      GRAPHQL_MAX_COST: '100',
      GRAPHQL_MAX_DIRECTIVES: '5',
      GRAPHQL_BATCH_LIMIT: '4',
      GRAPHQL_EXECUTION_TIMEOUT_MS: '2000',
      MAX_REQUEST_BODY_BYTES: '65536',
      SHUTDOWN_TIMEOUT_MS: '1500',
    });
    expect(config.graphql).toMatchObject({
      maxDepth: 10,
      maxAliases: 3,
      maxTokens: 500,
      maxCost: 100,
      maxDirectives: 5,
      batchLimit: 4,
      executionTimeoutMs: 2000,
      maxRequestBodyBytes: 65_536,
    });
    expect(config.shutdownTimeoutMs).toBe(1500);
  });

  it('refuses a limit that would switch a protection off, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH/);
    expect(() => loadConfig({ NODE_ENV: 'development', MAX_REQUEST_BODY_BYTES: 'lots' })).toThrow(
      /MAX_REQUEST_BODY_BYTES/,
    );
    expect(() => loadConfig({ NODE_ENV: 'development', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
