import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

describe('the served schema', () => {
  it('matches the committed snapshot test/schema.graphql (run `npm run schema:print` after a deliberate change)', () => {
    expect(`${printSchema(schema)}\n`).toBe(readFileSync('test/schema.graphql', 'utf8'));
  });

  it('describes every type and every field', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type && !type.name.endsWith('Input')) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description && !['edges', 'node', 'cursor', 'pageInfo', 'totalCount'].includes(field.name))
            missing.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
