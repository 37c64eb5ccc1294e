// Depth, alias, token, cost and directive limits (GraphQL Armor), and introspection on/off.
// A refused operation is a client error: 400 with BAD_USER_INPUT and a message naming the limit,
// whatever the Accept header (Yoga would otherwise answer 200 to application/json clients).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

export function limitError(message: string): GraphQLError {
  // `spec: true` would let Yoga answer 200 to application/json clients (GraphQL-over-HTTP legacy mode).
  // Its parse and validation hooks set `spec ||= true`, so `spec` is an accessor that stays false.
  const http = {
    status: 400,
    get spec() {
      return false;
    },
    set spec(_ignored: boolean) {},
  };
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http } });
}

/** Armor reports "Syntax Error: …" for every limit; the operation is well-formed, only too big. */
function reject(context: ValidationContext | null, error: GraphQLError): void {
  const refused = limitError(error.message.replace(/^Syntax Error: /, ''));
  // The token limit fires while parsing, where there is no validation context: throwing ends the parse.
  if (!context) throw refused;
  context.reportError(refused);
}

export function queryLimitsPlugin(limits: Config['graphql']): Plugin {
  const common = { exposeLimits: true, propagateOnRejection: false, onReject: [reject] };
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...common },
    maxAliases: { n: limits.maxAliases, ...common },
    maxTokens: { n: limits.maxTokens, ...common },
    maxDirectives: { n: limits.maxDirectives, ...common },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, ...common },
    // "Did you mean …?" reveals field names; with introspection on, the schema is public anyway.
    blockFieldSuggestion: { enabled: !limits.introspection },
  }) as Plugin;
}

export function disableIntrospectionPlugin(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
