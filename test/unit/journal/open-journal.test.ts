// The window journal on a real file system: private, append-only, durable
// per entry, readable after a crash, and free of the secrets planted in it.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultJournalDir, openJournal } from '../../../src/journal/open-journal.js';
import { readJournal } from '../../../src/journal/read-journal.js';
import { PLANTED, plantedStep } from './planted.js';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'helmdeck-journal-')), 'state', 'helmdeck');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(join(dir, '..', '..'), { recursive: true, force: true });
});

const window = { release: 'shop', namespace: 'prod', context: 'prod-eu' };
const env = { USER: 'alice', HOME: '/nonexistent' };

describe('openJournal', () => {
  it('creates helmdeck-<release>-<UTC time>.jsonl with mode 0600 in a 0700 folder', async () => {
    const j = await openJournal({ dir, window, env, now: () => new Date('2026-11-22T01:02:03.456Z') });
    expect(j.path).toBe(join(dir, 'helmdeck-shop-20261122T010203Z.jsonl'));
    expect(statSync(j.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // A second window in the same second gets its own file.
    const k = await openJournal({ dir, window, env, now: () => new Date('2026-11-22T01:02:03.999Z') });
    expect(k.path).not.toBe(j.path);
    await Promise.all([j.close(), k.close()]);
    expect(readdirSync(dir).sort()).toEqual(['helmdeck-shop-20261122T010203Z-1.jsonl', 'helmdeck-shop-20261122T010203Z.jsonl']);
  });

  it('appends every kind of entry in order, each on disk (fsynced) before the call resolves', async () => {
    const handle = await open(join(tmpdir(), `.proto-${process.pid}`), 'w');
    const sync = vi.spyOn(Object.getPrototypeOf(handle), 'sync');
    await handle.close();
    rmSync(join(tmpdir(), `.proto-${process.pid}`));

    const j = await openJournal({ dir, window, env });
    await j.stepResult(plantedStep());
    expect(readFileSync(j.path, 'utf8')).toContain('"type":"step-result"');
    await j.override('preflight.3.hpa-valid', 'HPA pinned at max by the load test; accepted by the on-call lead');
    await j.command({ title: 'upgrade shop', argv: ['upgrade', 'shop', './shop', '--set', `db.password=${PLANTED[3]}`, '--set', 'image.tag=1.2.0'], exitCode: 0, durationMs: 4200, output: `Release "shop" has been upgraded\nurl: https://u:${PLANTED[4]}@db.example.invalid\nSTATUS: deployed` });
    await j.outcome({ action: 'upgrade', status: 'succeeded', revision: 5, message: 'upgraded to chart shop-1.2.0' });
    await j.note(`rotated token=${PLANTED[5]} afterwards`);
    await j.append({ type: 'note', text: 'leaked object', object: { kind: 'Secret', metadata: { name: 'db' }, stringData: { password: PLANTED[6] } } } as never);
    await j.close('upgrade done');
    await expect(j.note('late')).rejects.toThrow(/closed/);

    const { entries, truncated, damagedLines } = await readJournal(j.path);
    expect(truncated).toBe(false);
    expect(damagedLines).toEqual([]);
    expect(entries.map((e) => e.type)).toEqual(['window-start', 'step-result', 'override', 'command', 'outcome', 'note', 'note', 'window-end']);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(entries[0]).toMatchObject({ type: 'window-start', release: 'shop', namespace: 'prod', context: 'prod-eu', operator: 'alice' });
    expect(entries[3]).toMatchObject({ command: "helm upgrade shop ./shop --set 'db.password=***' --set image.tag=1.2.0", exitCode: 0, durationMs: 4200 });
    // One fsync per entry written.
    expect(sync.mock.calls.length).toBeGreaterThanOrEqual(entries.length);

    const text = readFileSync(j.path, 'utf8');
    for (const s of PLANTED) expect(text).not.toContain(s);
    expect(text).toContain('HPA pinned at max');
  });

  it('keeps order and sequence under concurrent writes', async () => {
    const j = await openJournal({ dir, window, env });
    await Promise.all(Array.from({ length: 50 }, (_, i) => j.note(`n${i}`)));
    await j.close();
    const { entries } = await readJournal(j.path);
    expect(entries.filter((e) => e.type === 'note').map((e) => (e as { text: string }).text)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
  });

  it('reads a journal whose writer died mid-line, and flags damage in the middle', async () => {
    const j = await openJournal({ dir, window, env });
    await j.note('before the crash');
    appendFileSync(j.path, '{"type":"note","text":"half writ');
    let r = await readJournal(j.path);
    expect(r.truncated).toBe(true);
    expect(r.entries.map((e) => e.type)).toEqual(['window-start', 'note']);
    appendFileSync(j.path, '\n{"type":"note","seq":9,"at":"2026-11-22T00:00:00.000Z","text":"after"}\n');
    r = await readJournal(j.path);
    expect(r.truncated).toBe(false);
    expect(r.damagedLines).toEqual([3]);
    expect(r.entries).toHaveLength(3);
  });
});

describe('defaultJournalDir', () => {
  it('follows XDG_STATE_HOME, else ~/.local/state', () => {
    expect(defaultJournalDir({ XDG_STATE_HOME: '/var/state', HOME: '/home/a' })).toBe('/var/state/helmdeck');
    expect(defaultJournalDir({ HOME: '/home/a' })).toBe('/home/a/.local/state/helmdeck');
    // A relative XDG_STATE_HOME is invalid per the spec and ignored.
    expect(defaultJournalDir({ XDG_STATE_HOME: 'rel', HOME: '/home/a' })).toBe('/home/a/.local/state/helmdeck');
  });
});
