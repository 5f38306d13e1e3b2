import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbookCommand } from '../../../src/cli/runbook.js';
import { UsageError } from '../../../src/cli/usage-error.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runbookCommand(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

function temp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'helmdeck-rbcmd-')), name);
  writeFileSync(file, text);
  return file;
}

describe('helmdeck runbook check', () => {
  it('prints the counts and exits 0 for a valid runbook', async () => {
    // Files inside the working directory are named relative to it, as the user typed them.
    const kleidia = path.relative(process.cwd(), path.join(EXAMPLES, 'kleidia.yaml'));
    const r = await run(['check', path.join(EXAMPLES, 'kleidia.yaml')]);
    expect(r).toEqual({ code: 0, out: `${kleidia}: ok — 3 releases, 28 steps\n`, err: '' });
    const one = temp('one.yaml', 'release: a\nchart: ./a\npreflight:\n  - check: diff\n');
    expect((await run(['check', one])).out).toBe(`${one}: ok — 1 release, 1 step\n`);
  });

  it('prints every error and exits 1 for an invalid runbook', async () => {
    const bad = temp('bad.yaml', 'release: a\nchart: ./a\npreflight:\n  - check: pods-helthy\n  - run: x\n    command: ls -l\n');
    const r = await run(['check', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      `2 errors in runbook ${bad}:`,
      expect.stringMatching(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:12: preflight\\[0\\]\\.check: unknown check "pods-helthy"`)),
      expect.stringContaining(`${bad}:6:14: preflight[1].command: expected a list of arguments (argv)`),
      '',
    ]);
  });

  it('checks several files and fails when any is invalid', async () => {
    const good = temp('good.yaml', 'release: a\nchart: ./a\n');
    const r = await run(['check', good, path.join(path.dirname(good), 'missing.yaml')]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${good}: ok — 1 release, 0 steps\n`);
    expect(r.err).toContain('missing.yaml: runbook file not found');
  });

  it('treats bad usage as a usage error (exit 2 from main)', async () => {
    await expect(run(['check'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['check'])).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('runbook check: expected a FILE') });
    await expect(run(['lint', 'x.yaml'])).rejects.toThrow('runbook: unknown subcommand "lint"');
    await expect(run(['check', '--strict', 'x.yaml'])).rejects.toThrow('unknown option "--strict"');
    await expect(run([])).rejects.toBeInstanceOf(UsageError);
  });

  it('prints help and the reference', async () => {
    expect((await run(['--help'])).out).toContain('helmdeck runbook check FILE...');
    const ref = await run(['reference']);
    expect(ref.code).toBe(0);
    expect(ref.out.startsWith('## Runbook reference\n')).toBe(true);
  });
});
