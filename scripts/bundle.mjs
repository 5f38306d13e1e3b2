#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from tsc) with its
// dependencies into a few ES modules in dist/bundle, which bin/helmdeck
// runs. Loading Ink, React and their helpers as ~1,000 separate files was
// most of the cockpit's start-up; one file per command (split where main.ts
// imports a command on demand) loads several times faster.
// tsc still type-checks and emits dist/ (benchmarks and scripts import it).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'bundle');
// Ink imports it only when DEV=true asks for React DevTools; it is not installed.
const optional = new Set(['react-devtools-core']);

const problems = [];
const bundle = await rolldown({
  input: join(root, 'dist', 'cli', 'main.js'),
  platform: 'node',
  external: [...optional],
  onLog(level, log) {
    // A module that cannot be found would fail only when that command runs: fail the build instead.
    if (log.code === 'UNRESOLVED_IMPORT' || level === 'warn') problems.push(log.message);
  },
});
rmSync(outDir, { recursive: true, force: true });
await bundle.write({ dir: outDir, format: 'esm', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' });
await bundle.close();
if (problems.length) {
  process.stderr.write(`bundle: ${problems.join('\n')}\n`);
  process.exit(1);
}
