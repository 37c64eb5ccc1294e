// Writes test/schema.graphql, the committed SDL snapshot (test/integration/schema-snapshot.test.ts).
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

writeFileSync('test/schema.graphql', `${printSchema(schema)}\n`);
console.log('wrote test/schema.graphql');
