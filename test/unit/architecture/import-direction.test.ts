// The layers of docs/ARCHITECTURE.md, enforced: no module imports a layer above its own (type-only
// imports included), and no import cycle exists. There is no list of exceptions: a new file goes in a
// layer, and an upward import means the code is in the wrong place.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from './source-files.js';

/** Lowest first. A module may import its own layer and those below it. */
const LAYERS: Record<string, number> = {
  config: 0,
  errors: 0,
  logger: 0,
  generated: 0,
  'shutdown-hooks': 0,
  vocabulary: 0,
  db: 1,
  tenancy: 2,
  'control-plane': 3,
  'tenancy/lifecycle': 4,
  'tenant-data': 4,
  auth: 5,
  services: 6,
  context: 7,
  observability: 7,
  edge: 8,
  schema: 8,
  yoga: 9,
  app: 10,
  main: 11,
  cli: 11,
};
/** Files whose layer is not their folder's: what the services are built from. */
const FILE_LAYERS: Record<string, number> = {
  'observability/metrics.ts': 5,
  'observability/bounded-label.ts': 5,
  'observability/tracing.ts': 5,
  'edge/request-id.ts': 5,
  'readiness.ts': 5,
};

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts');
    if (existsSync(target)) out.push(path.relative(SRC, target));
  }
  return out;
}

function layerOf(rel: string): number | undefined {
  if (FILE_LAYERS[rel] !== undefined) return FILE_LAYERS[rel];
  const parts = rel.replace(/\.ts$/, '').split('/');
  return LAYERS[parts.slice(0, 2).join('/')] ?? LAYERS[parts[0]!];
}
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

  it('has no import from a lower layer to a higher one ', () => {
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      for (const dep of deps) if (layerOf(dep)! > layerOf(file)!) upward.push(`${file} → ${dep}`);
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles()).toEqual([]);
  });
});
