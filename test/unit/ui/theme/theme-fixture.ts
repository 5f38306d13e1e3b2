// A complete, valid theme as text, for tests that break one thing in it, and
// helpers to find where a line is so messages can be checked to the column.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const VALID_THEME = `description: test theme
palette:
  good: &good green
  bad: &bad red
background: ~
text: ~
muted: gray
border: gray
borderFocused: cyan
title: cyan
selection: { fg: black, bg: cyan }
keyHint: cyan
statusBar: { fg: ~, bg: ~, inverse: true }
banner:
  production: { fg: white, bg: *bad, bold: true }
state:
  ok: *good
  progressing: cyan
  warning: yellow
  failed: *bad
  unknown: gray
diff:
  added: *good
  removed: *bad
log:
  highlight: { fg: black, bg: yellow }
  pod: magenta
  container: cyan
  timestamp: gray
sparkline: "#00aaff"
symbols:
  ok: ✓
  progressing: ◌
  warning: "!"
  failed: ✗
  unknown: "?"
`;

/** 1-based line and column where needle first occurs in text. */
export function lineCol(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture does not contain ${JSON.stringify(needle)}`);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** A fresh directory with the given files written into it. */
export function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'helmdeck-theme-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
