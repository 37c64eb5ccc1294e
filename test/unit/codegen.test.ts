// The example client's typed documents are generated from the schema snapshot and the contract:
// committed files that no longer match what `npm run codegen` would write fail here (and in CI).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('generated client documents', () => {
  it('are up to date with test/schema.graphql and examples/client/operations.graphql (run `npm run codegen`)', () => {
    const run = spawnSync(process.execPath, ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', 'codegen.ts', '--check'], {
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).not.toMatch(/would be (changed|created)|Error/i);
    expect(run.status).toBe(0);
  }, 60_000);
});
