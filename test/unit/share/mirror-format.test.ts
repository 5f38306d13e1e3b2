import { describe, expect, it } from 'vitest';
import type { WindowState } from '../../../src/engine/window.js';
import { joinParts, LINE_BYTES, LIVE_BYTES, PART_BYTES, PART_LABEL, snapshotOf, splitParts, windowIdOf } from '../../../src/share/mirror-format.js';
import { stateOf } from '../../../src/share/follow-window.js';
import { describeHolder, expired, holderOf } from '../../../src/share/window-lease.js';

const line = (seq: number, bytes: number) => JSON.stringify({ type: 'note', text: 'x'.repeat(bytes), at: '2026-12-08T01:00:00.000Z', seq });

describe('splitParts', () => {
  it('keeps a small journal in one part, in order', () => {
    const lines = [line(1, 10), line(2, 10)];
    expect(splitParts(lines)).toEqual([lines]);
  });

  it('cuts a long journal into parts of at most PART_BYTES, losing no line and keeping their order', () => {
    const lines = Array.from({ length: 400 }, (_, i) => line(i + 1, 2000));
    const parts = splitParts(lines);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p.map((l) => l + '\n').join(''))).toBeLessThanOrEqual(PART_BYTES);
    expect(parts.flat()).toEqual(lines);
  });

  it('mirrors an oversized entry as a note naming its size, with its place kept', () => {
    const big = line(7, LINE_BYTES + 10);
    const [[only]] = splitParts([big]) as [[string]];
    const entry = JSON.parse(only);
    expect(entry).toMatchObject({ type: 'note', seq: 7 });
    expect(entry.text).toMatch(/^entry of \d+ bytes not mirrored/);
  });

  it('joins parts by their part number, whatever order they are listed in', () => {
    const part = (n: number, text: string) => ({ metadata: { name: `p${n}`, labels: { [PART_LABEL]: String(n) } }, data: { 'journal.jsonl': text } });
    expect(joinParts([part(10, 'c\n'), part(2, 'b\n'), part(0, 'a\n')])).toBe('a\nb\nc\n');
  });
});

describe('windowIdOf', () => {
  it('is the journal file stamp, lower-cased into a valid object name', () => {
    expect(windowIdOf('/x/helmdeck-shop-20261208T010203Z.jsonl')).toBe('shop-20261208t010203z');
    expect(windowIdOf('/x/helmdeck-a_b-20261208T010203Z-1.jsonl')).toBe('a-b-20261208t010203z-1');
  });
});

function windowState(rows: number, evidence: number, output: number): WindowState {
  const plan = { release: 'shop', namespace: 'ns', set: { 'db.password': 'never-mirrored' } } as never;
  return {
    releases: [{ plan, phase: 'verifying', message: 'revision 2 applied' }],
    current: 0,
    upgradePlanned: true,
    rows: Array.from({ length: rows }, (_, i) => ({
      key: `0:preflight:s${i}`, releaseIndex: 0, stage: 'preflight' as const, state: 'passed' as const,
      step: { kind: 'manual', id: `s${i}`, title: `step ${i}`, text: `do ${i}` } as never,
      result: { id: `s${i}`, kind: 'manual', status: 'pass', summary: `ok ${i} token=abc123`, evidence: Array.from({ length: evidence }, (_, j) => `evidence ${j} `.repeat(20)), startedAt: 1, endedAt: 2 },
    })),
    helm: { title: 'upgrade shop', command: 'helm upgrade shop ./chart --set db.password=***', output: Array.from({ length: output }, (_, i) => `line ${i} `.repeat(10)), startedAt: 1 },
  };
}

describe('snapshotOf', () => {
  it('holds what the checklist shows and none of the plan values', () => {
    const snap = snapshotOf(windowState(3, 1, 2), { driver: 'alice@laptop', startedAt: 1000, at: 2000 });
    expect(snap.rows.map((r) => r.step.id)).toEqual(['s0', 's1', 's2']);
    expect(snap.releases).toEqual([{ release: 'shop', namespace: 'ns', phase: 'verifying', message: 'revision 2 applied' }]);
    expect(JSON.stringify(snap)).not.toContain('never-mirrored');
    // Step summaries pass the journal's scrubber.
    expect(JSON.stringify(snap)).not.toContain('abc123');
  });

  it('stays under LIVE_BYTES for a huge window by giving up evidence and old helm output first', () => {
    const snap = snapshotOf(windowState(300, 50, 2000), { driver: 'alice@laptop', startedAt: 1000, at: 2000 });
    expect(Buffer.byteLength(JSON.stringify(snap))).toBeLessThanOrEqual(LIVE_BYTES);
    expect(snap.rows).toHaveLength(300);
  });

  it('round-trips into a window state the checklist reads, naming the driver', () => {
    const w = stateOf(snapshotOf(windowState(2, 1, 1), { driver: 'alice@laptop', startedAt: Date.UTC(2026, 11, 8, 1, 2, 3), at: 2000, ended: 'completed' }));
    expect(w.rows.map((r) => [r.step.id, r.state, r.result?.summary])).toEqual([['s0', 'passed', 'ok 0 token=***'], ['s1', 'passed', 'ok 1 token=***']]);
    expect(w.releases[0]!.plan.release).toBe('shop');
    expect(w.driver).toBe('alice@laptop since 01:02:03 UTC');
    expect(w.ended).toBe('completed');
  });
});

describe('the lease holder', () => {
  const lease = (spec: Record<string, unknown>, annotations: Record<string, string> = {}) => ({ metadata: { name: 'helmdeck-window-shop', annotations }, spec });

  it('is nobody when the holder is cleared', () => {
    expect(holderOf(lease({ leaseDurationSeconds: 30 }))).toBeUndefined();
  });

  it('is read from the spec and the annotations, and expires after its duration without renewal', () => {
    const h = holderOf(lease(
      { holderIdentity: 'alice@laptop/shop-1', leaseDurationSeconds: 30, renewTime: '2026-12-08T01:00:00.000000Z' },
      { 'helmdeck.io/operator': 'alice', 'helmdeck.io/host': 'laptop', 'helmdeck.io/phase': 'verifying', 'helmdeck.io/started-at': '2026-12-08T00:55:00.000Z' },
    ))!;
    expect(describeHolder(h)).toBe('alice@laptop since 00:55:00 UTC (phase verifying)');
    const renewed = Date.UTC(2026, 11, 8, 1, 0, 0);
    expect(expired(h, renewed + 29_000)).toBe(false);
    expect(expired(h, renewed + 31_000)).toBe(true);
  });
});
