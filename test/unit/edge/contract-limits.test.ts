// Every operation frontends and the explorer rely on must fit the default limits:
// a limit change or a contract change that breaks a client fails here, not in production.
import { readFileSync } from 'node:fs';
import { parse, print, separateOperations, type GraphQLError } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { queryLimitsPlugin } from '../../../src/edge/query-limits.js';
import { schema } from '../../../src/schema/index.js';

const contract = separateOperations(parse(readFileSync('examples/client/operations.graphql', 'utf8')));
const defaults = loadConfig({
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(32),
  SETTINGS_ENCRYPTION_KEYS: `k:${Buffer.alloc(32).toString('base64')}`,
});

/** Parse and validate exactly as the gateway does, with depth, tokens and cost at a fraction of their defaults. */
function limitErrors(source: string, fraction: number): string[] {
  const g = defaults.graphql;
  const scaled = {
    ...g,
    maxDepth: Math.floor(g.maxDepth * fraction),
    maxTokens: Math.floor(g.maxTokens * fraction),
    maxCost: Math.floor(g.maxCost * fraction),
  };
  const yoga = createYoga({ schema, plugins: [queryLimitsPlugin(scaled)] });
  const enveloped = yoga.getEnveloped({});
  try {
    const document = enveloped.parse(source);
    return enveloped
      .validate(enveloped.schema, document)
      .filter((e: GraphQLError) => e.extensions.code === 'BAD_USER_INPUT')
      .map((e: GraphQLError) => e.message);
  } catch (err) {
    return [(err as Error).message];
  }
}

describe('the contract operations', () => {
  it.each(Object.entries(contract))('%s fits the default limits', (_name, document) => {
    expect(limitErrors(print(document), 1)).toEqual([]);
  });

  it('is checked for real: a limit well below the contract refuses its deepest operation', () => {
    expect(limitErrors(print(contract.Members!), 0.5)).toContain('Query depth limit of 3 exceeded, found 5.');
  });
});
