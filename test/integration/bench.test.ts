// The benchmark suite runs end to end (every scenario, at a tiny scale, on the test server) and
// writes the JSON the docs describe. Its targets are reported, not asserted: this only proves that
// `npm run bench` works and measures what it says, with every load run answered correctly.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runProcess } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gw-bench-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function bench(args: string[]) {
  return runProcess(['--import', 'tsx', 'bench/run.ts', ...args], { BENCH_DATABASE_URL: inject('adminUrl') });
}

describe('npm run bench', () => {
  it('runs scenarios a–g side by side with their baselines, prints the table and writes the JSON report', async () => {
    const out = path.join(dir, 'quick.json');
    const run = await bench(['--quick', '--tenants', '12', '--duration', '0.5', '--rounds', '3', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report).toMatchObject({
      version: 1,
      options: { quick: true, tenants: 12, rounds: 3 },
      machine: {
        nproc: expect.any(Number),
        node: process.version,
        postgres: expect.stringMatching(/^\d+/),
        loadAverage: { start: expect.any(Array), end: expect.any(Array) },
      },
    });
    expect(report.scenarios.map((s: { id: string }) => s.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    for (const s of report.scenarios) {
      expect(s, s.id).toMatchObject({
        title: expect.any(String),
        subject: { summary: expect.any(String) },
        baseline: { summary: expect.any(String) },
        ratio: expect.any(Number),
      });
      expect(s.targets.length, s.id).toBeGreaterThan(0);
      for (const t of s.targets)
        expect(t, s.id).toEqual({
          description: expect.any(String),
          value: expect.any(Number),
          op: expect.stringMatching(/^(>=|<=)$/),
          limit: expect.any(Number),
          met: expect.any(Boolean),
        });
    }
    const byId = Object.fromEntries(report.scenarios.map((s: { id: string }) => [s.id, s]));
    // Every load run was answered with 2xx, in three rounds per side, and measured something.
    for (const id of ['a', 'b', 'c']) {
      expect(byId[id].data.rounds, id).toHaveLength(3);
      expect(byId[id].data.subject.failures + byId[id].data.baseline.failures, id).toBe(0);
      expect(byId[id].data.subject.rps, id).toBeGreaterThan(0);
    }
    expect(byId.c.data.connections.max).toBeGreaterThan(0);
    expect(byId.d.data.samplesMs.createTenant).toHaveLength(12);
    expect(byId.e.data).toMatchObject({ schemas: 13, concurrency: 4 });
    expect(byId.f.data.rounds).toHaveLength(3);
    expect(run.stdout).toMatch(/^\| \| Scenario \| Subject \| Baseline \| Ratio \| Targets \|$/m);
    expect(byId.g.data.samplesMs.warm).toHaveLength(10);
    expect(byId.g.data.samplesMs.cold).toHaveLength(10);
    expect(run.stdout.match(/^\| [a-g] \|/gm)).toHaveLength(7);
  }, 240_000);
});
