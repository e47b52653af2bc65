import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The compiled worker script `relative` to the module at `base` (its `import.meta.url`). Compiled,
 * it sits beside that module; when the module runs from its TypeScript source (ts-jest), the worker
 * still exists only compiled, at the same place under dist/.
 */
export function workerFile(relative: string, base: string): URL {
  const here = new URL(relative, base);
  const path = fileURLToPath(here);
  if (existsSync(path)) return here;
  const src = path.lastIndexOf(`${sep}src${sep}`);
  return pathToFileURL(`${path.slice(0, src)}${sep}dist${path.slice(src)}`);
}
