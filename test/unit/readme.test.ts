// The README's promises: its first commands are the ones the scripts and CI
// define, and its key table is the command table's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COCKPIT_COMMANDS } from '../../src/ui/keys/cockpit-commands.js';
import { keysMarkdownTable } from '../../src/ui/keys/help.js';
import { buildKeymap } from '../../src/ui/keys/keymap.js';
import { runbookReferenceMarkdown } from '../../src/runbook/reference.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('README', () => {
  it('opens with the install-and-demo command and the test command', () => {
    const block = /^# helmdeck\n\n```sh\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const commands = block![1]!.split('\n').filter(Boolean).map((l) => l.replace(/\s+#.*$/, '').trim());
    expect(commands).toEqual(['bash scripts/setup.sh && bin/helmdeck demo', 'bash scripts/test.sh']);
  });

  it('names commands the scripts and CI actually define', () => {
    const testScript = readFileSync(join(root, 'scripts', 'test.sh'), 'utf8');
    expect(testScript).toMatch(/\nnpm test\b/);
    expect(pkg.scripts.test).toContain('vitest run');
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/\nbash scripts\/test\.sh\s*$/);
    expect(readFileSync(join(root, 'src', 'cli', 'main.ts'), 'utf8')).toContain("case 'demo':");
  });

  it('carries the key table generated from the command table', () => {
    expect(readme).toContain(keysMarkdownTable(buildKeymap({ commands: COCKPIT_COMMANDS })));
  });

  it('carries the runbook reference generated from the validator\'s tables', () => {
    const body = runbookReferenceMarkdown().replace('## Runbook reference\n', '').replace(/\n### /g, '\n### Runbook: ');
    expect(readme).toContain(body.trim());
  });
});
