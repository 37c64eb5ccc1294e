// Typed documents are generated from the schema snapshot: the example client's from the contract, the tests'
// from every gql(`...`) in test/. Committed files that no longer match what `npm run codegen` would write fail
// here (and in CI), and so does a test document the schema no longer accepts.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('generated typed documents', () => {
  it('are up to date with test/schema.graphql, examples/client/operations.graphql and the gql(`...`) documents in test/ (run `npm run codegen`)', () => {
    const run = spawnSync(
      process.execPath,
      ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', 'codegen.ts', '--check'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stdout + run.stderr).not.toMatch(/would be (changed|created)|Error/i);
    expect(run.status).toBe(0);
  }, 60_000);
});
