import { describe, expect, it } from 'vitest';
import { MAX_VARIABLE_DEPTH, variablesProblem } from '../../../src/edge/input-sanity.js';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('variablesProblem', () => {
  it('accepts ordinary variables, and none at all', () => {
    expect(
      variablesProblem({ input: { name: 'Acme', limits: { users: 5 }, tags: ['a', 'b'], flag: true, n: null } }),
    ).toBeNull();
    expect(variablesProblem(undefined)).toBeNull();
    expect(variablesProblem(nested(MAX_VARIABLE_DEPTH - 1))).toBeNull();
  });

  it('names a NUL character in a value or a key, with its path', () => {
    expect(variablesProblem({ input: { settings: { k: 'a\u0000b' } } })).toBe(
      'variables.input.settings.k contains the NUL character (\\u0000), which cannot be stored.',
    );
    expect(variablesProblem({ list: ['ok', 'bad\u0000'] })).toMatch(/^variables\.list\[1\] contains the NUL character/);
    expect(variablesProblem({ v: { 'a\u0000': 1 } })).toMatch(/^variables\.v has a key containing the NUL character/);
  });

  it('refuses nesting deeper than the limit, even 100,000 levels, without overflowing the stack', () => {
    expect(variablesProblem(nested(MAX_VARIABLE_DEPTH + 1))).toMatch(
      new RegExp(`is nested deeper than ${MAX_VARIABLE_DEPTH} levels\\.$`),
    );
    expect(variablesProblem({ deep: nested(100_000) })).toMatch(/^variables\.deep\[0\]\[0\].*nested deeper than/);
  });
});
