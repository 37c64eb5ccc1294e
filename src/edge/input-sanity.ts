// Two things no resolver should have to think about, refused for every operation before it runs:
// - the NUL character (U+0000): PostgreSQL can store it in neither text nor jsonb, so a name, email
//   or setting carrying one failed deep in a query as "Unexpected error.";
// - variables nested deeper than MAX_VARIABLE_DEPTH: a 30,000-level JSON array passed to a JSON
//   field crashed the code that serialises it (stack overflow), again as "Unexpected error.".
// Both are a clear 400 BAD_USER_INPUT naming where the problem is.
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { limitError } from './query-limits.js';

/** Deeper than any settings, metadata or permissions object needs; checked without recursion. */
export const MAX_VARIABLE_DEPTH = 64;

const NUL = '\u0000';

/** The first problem in a variables object, or null. Walks with an explicit stack: depth cannot overflow it. */
export function variablesProblem(variables: unknown): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: variables, path: 'variables', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return `${path} contains the NUL character (\\u0000), which cannot be stored.`;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH)
      return `${path.slice(0, 200)}… is nested deeper than ${MAX_VARIABLE_DEPTH} levels.`;
    for (const [key, child] of Object.entries(value)) {
      if (key.includes(NUL)) return `${path} has a key containing the NUL character (\\u0000), which cannot be stored.`;
      stack.push({ value: child, path: Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

function noNulInStringLiterals(context: ValidationContext) {
  return {
    StringValue(node: { value: string }) {
      if (node.value.includes(NUL))
        context.reportError(
          limitError('A string in the query contains the NUL character (\\u0000), which cannot be stored.'),
        );
    },
  };
}

export function inputSanityPlugin(): Plugin {
  return {
    onParams({ params }) {
      const problem = variablesProblem(params.variables);
      if (problem) {
        throw new GraphQLError(`Invalid variables: ${problem}`, {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
    },
    onValidate({ addValidationRule }) {
      addValidationRule(noNulInStringLiterals);
    },
  };
}
