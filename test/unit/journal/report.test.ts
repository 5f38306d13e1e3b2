// The Markdown change record, rendered from a real journal file.
import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../../src/cli/report.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import type { JournalEntry } from '../../../src/journal/journal-entry.js';
import { openJournal } from '../../../src/journal/open-journal.js';
import { readJournal } from '../../../src/journal/read-journal.js';
import { renderReport } from '../../../src/journal/report.js';
import { PLANTED, plantedStep } from './planted.js';

let dir: string;
let path: string;
let md: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-report-'));
  let t = Date.parse('2026-11-22T01:00:00.000Z');
  const j = await openJournal({ dir, window: { release: 'shop', namespace: 'prod', context: 'prod-eu' }, env: { USER: 'alice' }, now: () => new Date((t += 1000)) });
  await j.stepResult({ id: 'preflight.1.pods-healthy', kind: 'pods-healthy', status: 'pass', summary: 'all 3 pods Running and Ready', evidence: ['shop-web-1 Running 1/1', 'a line with ``` fences'], startedAt: 0, endedAt: 1500 });
  await j.stepResult({ id: 'preflight.2.hpa-valid', kind: 'hpa-valid', status: 'fail', summary: 'shop-web pinned at max 5', evidence: ['current 5 / max 5'], startedAt: 0, endedAt: 200, override: { reason: 'load test running | accepted', at: 0 } });
  await j.override('preflight.2.hpa-valid', 'load test running | accepted');
  await j.stepResult(plantedStep());
  await j.diff({
    chartChange: { from: 'shop-1.0.0', to: 'shop-1.1.0' },
    imageChanges: [{ workload: 'Deployment/shop-web', container: 'web', from: 'reg/web:1.0.0', to: 'reg/web:1.1.0' }],
    valuesChanged: true,
    objects: [
      { change: 'changed', kind: 'Deployment', namespace: 'prod', name: 'shop-web' },
      { change: 'changed', kind: 'Secret', namespace: 'prod', name: 'shop-db', secretKeys: { added: [], removed: [], changed: ['password'] } },
    ],
  });
  await j.command({ title: 'upgrade shop', argv: ['upgrade', 'shop', './shop', '--set', `db.password=${PLANTED[3]}`], exitCode: 1, durationMs: 65_000, output: 'Error: UPGRADE FAILED: context deadline exceeded' });
  await j.outcome({ action: 'upgrade', status: 'failed', revision: 6, message: 'timed out; helm rolled back' });
  await j.command({ title: 'rollback to 5', argv: ['rollback', 'shop', '5', '--wait'], exitCode: 0, durationMs: 9000, output: 'Rollback was a success!' });
  await j.outcome({ action: 'rollback', status: 'succeeded', revision: 7, toRevision: 5, message: 'back on revision 5' });
  await j.note('handed over to the day shift');
  await j.close('operator quit');
  path = j.path;
  md = renderReport((await readJournal(path)).entries);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderReport', () => {
  it('heads the record with the window: release, namespace, context, operator, start, end, outcome', () => {
    expect(md).toMatch(/^# Change record: shop in prod\n/);
    expect(md).toContain('| Context | prod-eu |');
    expect(md).toMatch(/\| Operator \| alice on \S+ \|/);
    expect(md).toContain('| Window start | 2026-11-22 01:00:02Z |');
    expect(md).toContain('| Window end | 2026-11-22 01:00:13Z (operator quit) |');
    expect(md).toContain('| Duration | 11s |');
    expect(md).toContain('| Outcome | upgrade failed (revision 6) → rollback succeeded (revision 7) |');
  });

  it('has every section, in order', () => {
    const sections = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['Timeline', 'Checks', 'Overrides', 'Commands', 'Diff summary', 'Outcome', 'Notes']);
    const timeline = md.slice(md.indexOf('## Timeline'), md.indexOf('## Checks'));
    expect(timeline.match(/^\| 2026-11-22 /gm)).toHaveLength(12); // one row per entry
  });

  it('shows checks with status and collapsed evidence, fenced safely', () => {
    expect(md).toContain('**PASS** `preflight.1.pods-healthy` (pods-healthy, 2s) — all 3 pods Running and Ready');
    expect(md).toContain('**FAIL** `preflight.2.hpa-valid`');
    expect(md).toContain('**overridden**: load test running | accepted');
    expect(md).toContain('<details>\n<summary>evidence (2 lines)</summary>\n\n````text\nshop-web-1 Running 1/1');
  });

  it('lists overrides with reasons, commands with exit status and timings, the diff and the outcome', () => {
    expect(md).toMatch(/- 2026-11-22 \S+ — `preflight.2.hpa-valid`: load test running \| accepted/);
    expect(md).toContain("| `helm upgrade shop ./shop --set 'db.password=***'` | 1 | 1m 05s |");
    expect(md).toContain('| `helm rollback shop 5 --wait` | 0 | 9s |');
    expect(md).toContain('<summary>upgrade shop: output (last line)</summary>');
    expect(md).toContain('- Chart: shop-1.0.0 → shop-1.1.0');
    expect(md).toContain('| Deployment/shop-web | web | reg/web:1.0.0 | reg/web:1.1.0 |');
    expect(md).toContain('- changed: Secret prod/shop-db (keys changed password; values not shown)');
    expect(md).toContain('**upgrade failed** at revision 6: timed out; helm rolled back');
    expect(md).toContain('**rollback succeeded** at revision 7');
  });

  it('never contains a planted secret', () => {
    for (const s of PLANTED) expect(md).not.toContain(s);
  });

  it('scrubs again when the journal itself was not scrubbed (an older or hand-edited file)', () => {
    const raw: JournalEntry[] = [
      { type: 'window-start', release: 'x', namespace: 'n', context: 'c', operator: 'o', host: 'h', at: '2026-11-22T00:00:00.000Z', seq: 1 },
      { type: 'note', text: `token=${PLANTED[0]}`, at: '2026-11-22T00:00:01.000Z', seq: 3 },
    ];
    const out = renderReport(raw, { truncated: true });
    expect(out).not.toContain(PLANTED[0]);
    expect(out).toContain('entry 2 is missing');
    expect(out).toContain('the last line was cut short');
    expect(out).toContain('not closed');
  });
});

describe('helmdeck report', () => {
  const capture = () => {
    const io = { out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
    return io;
  };

  it('prints the change record, or writes it with -o', async () => {
    const io = capture();
    expect(await reportCommand([path], io)).toBe(0);
    expect(io.out).toBe(md + '\n');
    const file = join(dir, 'record.md');
    expect(await reportCommand([path, '-o', file], io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(md + '\n');
  });

  it('warns about a damaged journal but still renders it', async () => {
    const copy = join(dir, 'damaged.jsonl');
    appendFileSync(copy, readFileSync(path, 'utf8') + '{"type":"no');
    const io = capture();
    expect(await reportCommand([copy], io)).toBe(0);
    expect(io.out).toContain('Journal integrity');
    expect(io.err).toContain('damaged');
  });

  it('refuses bad invocations with one clear message', async () => {
    await expect(reportCommand([], capture())).rejects.toBeInstanceOf(UsageError);
    await expect(reportCommand([join(dir, 'missing.jsonl')], capture())).rejects.toThrow(/no journal at/);
    const empty = join(dir, 'empty.jsonl');
    appendFileSync(empty, '');
    const io = capture();
    expect(await reportCommand([empty], io)).toBe(1);
    expect(io.err).toContain('holds no journal entries');
  });
});
