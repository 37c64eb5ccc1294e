// Every operation frontends and the explorer rely on (examples/client/operations.graphql, a copy of
// ../shared/contract/operations.graphql that CI keeps identical) must validate against the schema.
import { readFileSync } from 'node:fs';
import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

const document = parse(readFileSync('examples/client/operations.graphql', 'utf8'));
const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');

describe('the contract', () => {
  it('lists the operations frontends rely on', () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
  });

  it.each(operations.map((op) => [op.name?.value ?? '(anonymous)', op] as const))(
    '%s validates against the served schema',
    (_name, op) => {
      const errors = validate(schema, { kind: document.kind, definitions: [op] });
      expect(errors.map((e) => e.message)).toEqual([]);
    },
  );
});
