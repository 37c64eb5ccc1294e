// d. Provisioning N tenants one after another (createTenant: validate, insert PENDING, one
//    transaction with CREATE SCHEMA + tenant DDL + ACTIVE), each followed by its floor: the same
//    schema DDL transaction alone, on a schema that is no tenant. Latency must not grow with the
//    number of tenants already there (last 100 vs first 100).
import { createTenantSchema } from '../../src/tenancy/lifecycle/schema-manager.js';
import { fleetInput, type BenchFixtures } from '../lib/fixtures.js';
import { fmt, target, type ScenarioResult } from '../lib/result.js';
import { median, percentile, round } from '../lib/stats.js';

export async function provisioning(
  fx: BenchFixtures,
  count: number,
  opts: { measure: boolean },
): Promise<ScenarioResult | null> {
  const started = performance.now();
  const create: number[] = [];
  const floor: number[] = [];
  for (let i = fx.fleet.length; i < count; i++) {
    let t0 = performance.now();
    fx.fleet.push(await fx.provisioner.createTenant(fleetInput(i)));
    create.push(performance.now() - t0);
    if (!opts.measure) continue;
    t0 = performance.now();
    await createTenantSchema(fx.pool, `ddl_floor_${i}`);
    floor.push(performance.now() - t0);
  }
  if (!opts.measure) return null;
  // The floor schemas are no tenants: gone before the fleet scenarios.
  for (let i = 0; i < count; i += 100) {
    const names = Array.from({ length: Math.min(100, count - i) }, (_, j) => `ddl_floor_${i + j}`);
    await fx.pool.query(`DROP SCHEMA ${names.join(', ')} CASCADE`);
  }
  const window = Math.max(1, Math.min(100, Math.floor(count / 10)));
  const first = median(create.slice(0, window));
  const last = median(create.slice(-window));
  const p = (list: number[], q: number) => round(percentile(list, q), 2);
  const stats = {
    createTenant: { p50: p(create, 50), p95: p(create, 95), p99: p(create, 99), max: p(create, 100) },
    ddlFloor: { p50: p(floor, 50), p95: p(floor, 95), p99: p(floor, 99), max: p(floor, 100) },
    window,
    firstWindowMedian: round(first, 2),
    lastWindowMedian: round(last, 2),
  };
  const growth = round(last / first, 3);
  return {
    id: 'd',
    title: `provisioning ${count.toLocaleString('en-US')} tenants, one after another`,
    subject: {
      label: 'createTenant',
      summary: `p50 ${fmt.ms(stats.createTenant.p50)} · p95 ${fmt.ms(stats.createTenant.p95)} · last ${window} / first ${window} ${growth}×`,
    },
    baseline: {
      label: 'schema + tenant DDL transaction alone',
      summary: `p50 ${fmt.ms(stats.ddlFloor.p50)} · p95 ${fmt.ms(stats.ddlFloor.p95)}`,
    },
    ratio: round(stats.createTenant.p50 / stats.ddlFloor.p50, 3),
    ratioLabel: 'p50 time',
    targets: [
      target(`median of last ${window} / first ${window}`, growth, '<=', 1.3),
      target('p95 (ms)', stats.createTenant.p95, '<=', 50),
    ],
    data: {
      ...stats,
      samplesMs: { createTenant: create.map((x) => round(x, 2)), ddlFloor: floor.map((x) => round(x, 2)) },
    },
    notes: [],
    durationS: (performance.now() - started) / 1000,
  };
}
