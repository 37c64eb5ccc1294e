import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './enums.js';
import './server.js';
import './tenant.js';
import './tenant-mutations.js';
import './backups.js';
import './domain.js';
import './member.js';
import './usage.js';
import './setting.js';
import './user.js';
import './audit.js';
import './placement.js';

export const schema = lexicographicSortSchema(builder.toSchema());
