import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './server.js';

export const schema = lexicographicSortSchema(builder.toSchema());
