// The helmdeck package root, found by walking up from the running file to
// the package.json named helmdeck: the same answer from src/, from dist/
// and from the bundle, whatever depth the code ends up at.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The directory holding helmdeck's package.json (and themes/, .tools/, demo/). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (true) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'helmdeck') return (cachedRoot = dir);
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('helmdeck package root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
