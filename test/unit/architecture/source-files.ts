// The gateway's own source files, as the architecture checks read them (generated code left out).
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const SRC = path.resolve('src');

/** Every .ts file below `dir`, without src/generated/. */
export function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'generated'
        ? []
        : sourceFiles(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}
