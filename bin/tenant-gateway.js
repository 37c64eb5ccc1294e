#!/usr/bin/env node
// The operator CLI without a build step: registers tsx (TypeScript through esbuild) in this
// process, then runs src/cli/main.ts. `tenant-gateway --help` lists the commands.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
