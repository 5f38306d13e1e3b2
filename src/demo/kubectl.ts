// The kubectl the demo's backup step runs: the one on PATH, else the one
// scripts/setup.sh unpacked next to the project's helm in .tools/bin — as
// helm itself is found. A bare `kubectl` when there is neither: the step then
// fails saying it could not run it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../package-root.js';

export function demoKubectl(env: Record<string, string | undefined> = process.env, root = packageRoot()): string {
  const candidates = [...(env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'kubectl')), join(root, '.tools', 'bin', 'kubectl')];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return 'kubectl';
}
