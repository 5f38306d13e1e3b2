// A journal that was cut short, reordered or edited by hand still gives an
// honest change record: a helm started but never recorded as finished is
// named with its pid, each bad line is named as JOURNAL:LINE with the field
// that is wrong, repeated and reversed sequence numbers are called what they
// are, and `report -o` never overwrites the journal or another file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../../src/cli/report.js';
import { openJournal } from '../../../src/journal/open-journal.js';
import { readJournal } from '../../../src/journal/read-journal.js';
import { renderReport } from '../../../src/journal/report.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-integrity-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await reportCommand(args, { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) });
  } catch (e) {
    code = -1;
    err.push((e as Error).message);
  }
  return { code, out: out.join(''), err: err.join('') };
};

const start = { type: 'window-start', release: 'shop', namespace: 'prod', context: 'c', operator: 'o', host: 'h' };
const at = (s: number) => `2026-11-22T01:00:${String(s).padStart(2, '0')}.000Z`;
const lines = (...entries: object[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';

describe('a helm started but never recorded as finished', () => {
  it('is reported with its start time and pid, as not recorded', async () => {
    const j = await openJournal({ dir, window: { release: 'shop', namespace: 'prod', context: 'c' }, env: { USER: 'alice' } });
    await j.commandStarted({ title: 'upgrade shop', argv: ['upgrade', 'shop', './shop', '--set', 'extraEnv.CREDS=SECRET7'], pid: 4242 });
    // No outcome: helmdeck was SIGKILLed while helm ran.
    const { entries } = await readJournal(j.path);
    const md = renderReport(entries);
    expect(md).toMatch(/\| Outcome \| helm upgrade started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, pid 4242, outcome not recorded \|/);
    expect(md).toContain('not recorded (pid 4242)');
    expect(md).not.toContain('SECRET7');
    expect(md).not.toContain('no upgrade or rollback recorded');
  });

  it('is matched by its outcome entry when there is one', async () => {
    const j = await openJournal({ dir, window: { release: 'shop', namespace: 'prod', context: 'c' }, env: { USER: 'alice' } });
    await j.commandStarted({ title: 'upgrade shop', argv: ['upgrade', 'shop', './shop'], pid: 77 });
    await j.command({ title: 'upgrade shop', argv: ['upgrade', 'shop', './shop'], pid: 77, exitCode: 0, durationMs: 1000, output: '' });
    await j.outcome({ action: 'upgrade', status: 'succeeded', revision: 2, message: 'ok' });
    const md = renderReport((await readJournal(j.path)).entries);
    expect(md).not.toContain('outcome not recorded');
    expect(md).toContain('| Outcome | upgrade succeeded (revision 2) |');
  });
});

describe('report validates every entry', () => {
  it.each([
    ['a step-result whose result is null', { type: 'step-result', result: null }, /:2: step-result seq 2: "result" must be an object, not null/],
    ['a note whose text is a number', { type: 'note', text: 5 }, /:2: note seq 2: "text" must be a string, not 5/],
    ['a command without argv', { type: 'command', title: 't', command: 'helm x', exitCode: 0, durationMs: 1, outputTail: [] }, /:2: command seq 2: "argv" is missing/],
    ['an unknown type', { type: 'bogus' }, /:2: unknown entry type "bogus"/],
    ['an outcome with a made-up status', { type: 'outcome', action: 'upgrade', status: 'great', message: 'm' }, /:2: outcome seq 2: "status" must be/],
  ])('%s is named as JOURNAL:LINE with its field, never a crash', async (_name, bad, re) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(file, lines({ ...start, at: at(0), seq: 1 }, { ...bad, at: at(1), seq: 2 }, { type: 'window-end', reason: 'closed', at: at(2), seq: 3 }));
    const r = await run([file]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + re.source));
    expect(r.out).toContain('# Change record: shop in prod');
    expect(r.out).toMatch(/line 2 is not a valid entry/);
    expect(r.out).not.toMatch(/undefined|\[object Object\]/);
  });

  it('a window-start without its fields is named, and the record does not say "undefined in undefined"', async () => {
    const file = join(dir, 'no-start-fields.jsonl');
    writeFileSync(file, lines({ type: 'window-start', at: at(0), seq: 1 }, { type: 'note', text: 'hi', at: at(1), seq: 2 }));
    const r = await run([file]);
    expect(r.err).toMatch(/:1: window-start seq 1: "release" is missing/);
    expect(r.out).not.toContain('undefined');
  });

  it('a reversed journal is reported as out of order, not as missing entries', () => {
    const entries = [1, 2, 3, 4].map((n) => ({ type: 'note', text: `n${n}`, at: at(n), seq: n })).reverse() as never[];
    const md = renderReport(entries, { lineOf: [1, 2, 3, 4] });
    expect(md).toContain('entry 3 (line 2) is out of order: it comes after entry 4.');
    expect(md).not.toMatch(/are missing/);
  });

  it('a duplicated entry is reported as a repeat', () => {
    const e = (n: number) => ({ type: 'note', text: `n${n}`, at: at(n), seq: n });
    const md = renderReport([e(1), e(2), e(2), e(3)] as never[], { lineOf: [1, 2, 3, 4] });
    expect(md).toContain('entry 2 appears more than once (line 3), first (line 2).');
    expect(md).not.toMatch(/missing|out of order/);
  });
});

describe('report -o', () => {
  it('refuses to write over its own journal, by any path, even with --force', async () => {
    const file = join(dir, 'self.jsonl');
    const text = lines({ ...start, at: at(0), seq: 1 });
    writeFileSync(file, text);
    symlinkSync(file, join(dir, 'self-link.jsonl'));
    for (const args of [[file, '-o', file], [file, '-o', join(dir, 'self-link.jsonl'), '--force'], [file, '-o', `${dir}/./self.jsonl`]]) {
      const r = await run(args);
      expect(r.code).toBe(-1);
      expect(r.err).toContain('is the journal itself');
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('refuses an existing file without --force and replaces it with', async () => {
    const file = join(dir, 'j.jsonl');
    writeFileSync(file, lines({ ...start, at: at(0), seq: 1 }));
    const target = join(dir, 'record.md');
    writeFileSync(target, 'keep me');
    const r = await run([file, '-o', target]);
    expect(r.code).toBe(-1);
    expect(r.err).toContain('already exists (pass --force to replace it)');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect((await run([file, '-o', target, '--force'])).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('# Change record: shop in prod');
  });
});
