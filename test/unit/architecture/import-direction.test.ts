// The layers of docs/ARCHITECTURE.md, enforced: no module imports a layer above its own, and no new
// import cycle appears. The imports and cycles that break the rule today are listed by name below
// (the architecture issue removes them); anything else that breaks it fails this test.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Lowest first. A module may import its own layer and those below it. */
const LAYERS: Record<string, number> = {
  config: 0, errors: 0, logger: 0, generated: 0, 'shutdown-hooks': 0,
  db: 1,
  tenancy: 2,
  auth: 3,
  services: 4,
  context: 5, observability: 5,
  edge: 6, plugins: 6, schema: 6, health: 6,
  yoga: 7, app: 8, main: 9, cli: 9,
};
/** Files whose layer is not their folder's: the metrics registry is a service's dependency. */
const FILE_LAYERS: Record<string, number> = {
  'observability/metrics.ts': 3,
  'observability/bounded-label.ts': 3,
  'edge/request-id.ts': 3,
  'readiness.ts': 3,
};

/** Imports from a lower layer to a higher one that exist today: to be removed, never added to. */
const KNOWN_UPWARD = new Set([
  'tenancy/access.ts → context.ts',
  'tenancy/access.ts → plugins/api-usage.ts',
  'auth/accounts.ts → context.ts',
  'auth/authenticator.ts → context.ts',
  'context.ts → plugins/tenant-door.ts',
  'services.ts → observability/tracing.ts',
]);

/** Import cycles that exist today (sorted member lists): to be broken, never added to. */
const KNOWN_CYCLES = [
  ['tenancy/backups.ts', 'tenancy/provisioner.ts'],
  ['auth/accounts.ts', 'auth/authenticator.ts', 'context.ts', 'observability/tracing.ts', 'plugins/tenant-door.ts', 'services.ts'],
].map((c) => c.join(' · '));

const SRC = path.resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'generated' ? [] : sourceFiles(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts');
    if (existsSync(target)) out.push(path.relative(SRC, target));
  }
  return out;
}

const layerOf = (rel: string) => FILE_LAYERS[rel] ?? LAYERS[rel.split('/')[0]!.replace(/\.ts$/, '')];
const graph = new Map(sourceFiles(SRC).map((f) => [path.relative(SRC, f), importsOf(f)]));

function cycles(): string[] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1) found.push(members.sort().join(' · '));
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found.sort();
}

describe('import direction', () => {
  it('places every top-level module of src/ in a layer', () => {
    const unplaced = [...graph.keys()].filter((f) => layerOf(f) === undefined);
    expect(unplaced).toEqual([]);
  });

  it('has no import from a lower layer to a higher one beyond the known exceptions', () => {
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      for (const dep of deps) if (layerOf(dep)! > layerOf(file)!) upward.push(`${file} → ${dep}`);
    }
    expect(upward.filter((edge) => !KNOWN_UPWARD.has(edge))).toEqual([]);
    // A known exception that is gone is taken off the list, so it cannot come back unnoticed.
    expect([...KNOWN_UPWARD].filter((edge) => !upward.includes(edge))).toEqual([]);
  });

  it('has no import cycle beyond the known ones', () => {
    expect(cycles()).toEqual([...KNOWN_CYCLES].sort());
  });
});
