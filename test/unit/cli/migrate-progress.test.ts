// What a fleet migration prints while it runs: a bar with count, rate and ETA on a terminal (failures
// above it as they happen), one line per tenant anywhere else, nothing when quiet.
import { describe, expect, it } from 'vitest';
import { fleetProgressReporter } from '../../../src/cli/migrate-progress.js';
import type { FleetTenantResult } from '../../../src/tenancy/lifecycle/fleet.js';

function output(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, columns: 160, write: (text: string) => chunks.push(text) }, text: () => chunks.join('') };
}

const result = (slug: string, status: FleetTenantResult['status'], error?: string): FleetTenantResult => ({
  tenantId: `id-${slug}`,
  slug,
  schemaName: `tenant_${slug}`,
  status,
  applied: status === 'applied' ? ['0002_comment.sql'] : [],
  durationMs: 12,
  ...(error ? { error } : {}),
});

const run = [result('a', 'applied'), result('b', 'failed', 'relation "users" already exists'), result('c', 'skipped')];

describe('fleet migration progress', () => {
  it('on a terminal, draws a bar with done/total, rate and ETA, and prints failures as they happen', () => {
    const out = output(true);
    const progress = fleetProgressReporter('bar', out.stream);
    run.forEach((current, i) => progress.onProgress({ done: i + 1, total: 3, current }));
    progress.stop();
    const text = out.text();
    expect(text).toMatch(/\[={30}\] 3\/3 100% \| [\d.]+\/s \| ETA \S+ \| c skipped/);
    expect(text).toContain('b: failed (12 ms): relation "users" already exists\n');
    expect(text).not.toMatch(/^a: applied/m); // successes only move the bar
  });

  it('elsewhere, prints one line per tenant with its result', () => {
    const out = output(false);
    const progress = fleetProgressReporter('lines', out.stream);
    run.forEach((current, i) => progress.onProgress({ done: i + 1, total: 3, current }));
    progress.stop();
    expect(out.text()).toBe(
      '[1/3] a: applied 0002_comment.sql (12 ms)\n' +
        '[2/3] b: failed (12 ms): relation "users" already exists\n' +
        '[3/3] c: skipped (12 ms)\n',
    );
  });

  it('quiet prints nothing', () => {
    const out = output(true);
    const progress = fleetProgressReporter('quiet', out.stream);
    progress.onProgress({ done: 1, total: 1, current: run[0]! });
    progress.stop();
    expect(out.text()).toBe('');
  });
});
