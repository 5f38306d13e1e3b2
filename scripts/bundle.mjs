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

// yoga-layout (Ink's layout engine) is WebAssembly inlined as a data: URL;
// its Emscripten loader fetch()es that URL whenever fetch exists, and the
// first fetch loads Node's undici: ~20 ms of every start. Without fetch it
// decodes the same bytes itself, as it would in an old Node.
const YOGA_FETCH = '"function"!=typeof fetch';
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  transform(code, id) {
    if (!/yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/.test(id)) return null;
    const uses = code.split(YOGA_FETCH).length - 1;
    if (uses !== 2) throw new Error(`yoga-layout's loader changed: expected 2 fetch checks, found ${uses} (${id})`);
    return { code: code.replaceAll(YOGA_FETCH, 'true'), map: null };
  },
};

// string-width (Ink's text measure) tests every cluster of a non-ASCII
// string against /^\p{RGI_Emoji}$/v, an expression that costs ~8 ms to
// create when the module loads and ~20 ms to compile on first use: every
// cockpit start paid both for the box-drawing borders of its first frame.
// Every RGI emoji holds a non-ASCII Emoji character or a keycap mark
// (test/unit/build/emoji-first.test.ts checks it), so the build tests for
// one first and creates the expression only when a cluster has one: the
// same widths.
const RGI_DECLARED = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const RGI_TEST = 'rgiEmojiRegex.test(segment)';
const stringWidthEmojiFirst = {
  name: 'string-width-emoji-first',
  transform(code, id) {
    if (!/[\\/]string-width[\\/]index\.js$/.test(id)) return null;
    const named = code.split('rgiEmojiRegex').length - 1;
    if (named !== 2 || !code.includes(RGI_DECLARED) || !code.includes(RGI_TEST)) {
      throw new Error(`string-width changed: expected the RGI_Emoji expression declared and tested once (${id})`);
    }
    return {
      code: code
        .replace(RGI_DECLARED, () => 'let rgiEmojiRegex;\nconst emojiCharacterRegex = /[\\p{Emoji}--\\p{ASCII}]|\\u20E3/v;')
        .replace(RGI_TEST, () => "(emojiCharacterRegex.test(segment) && (rgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment))"),
      map: null,
    };
  },
};

const problems = [];
const bundle = await rolldown({
  input: join(root, 'dist', 'cli', 'main.js'),
  platform: 'node',
  external: [...optional],
  plugins: [yogaWithoutFetch, stringWidthEmojiFirst],
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
