import { describe, expect, it } from 'vitest';
import type { LagSample } from '../../../src/lag/types.js';
import { createDeckStore, type LogLine } from '../../../src/store/index.js';

const lines = (from: number, n: number): LogLine[] =>
  Array.from({ length: n }, (_, i) => ({ time: '2026-11-21T22:00:00Z', pod: 'web-0', container: 'web', text: `line ${from + i}` }));

describe('logs', () => {
  it('appends into a new view Map and a new lines array', () => {
    const store = createDeckStore();
    store.getState().appendLogs('pod:web-0', lines(0, 2));
    const first = store.getState().logs;
    store.getState().appendLogs('pod:web-0', lines(2, 1));
    const second = store.getState().logs;
    expect(second.views).not.toBe(first.views);
    expect(second.views.get('pod:web-0')!.lines).not.toBe(first.views.get('pod:web-0')!.lines);
    expect(second.views.get('pod:web-0')!.lines.map((l) => l.text)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('keeps the newest 5,000 lines by default and counts the dropped ones', () => {
    const store = createDeckStore();
    for (let i = 0; i < 6; i++) store.getState().appendLogs('v', lines(i * 1_000, 1_000));
    const v = store.getState().logs.views.get('v')!;
    expect(v.lines).toHaveLength(5_000);
    expect(v.lines[0]!.text).toBe('line 1000');
    expect(v.lines.at(-1)!.text).toBe('line 5999');
    expect(v.dropped).toBe(1_000);
  });

  it('takes a per-view bound, also for a burst larger than the view', () => {
    const store = createDeckStore({ limits: { logLines: 50 } });
    store.getState().openLogView('small', { maxLines: 3 });
    store.getState().appendLogs('small', lines(0, 2));
    store.getState().appendLogs('small', lines(2, 10));
    const small = store.getState().logs.views.get('small')!;
    expect(small.lines.map((l) => l.text)).toEqual(['line 9', 'line 10', 'line 11']);
    expect(small.dropped).toBe(9);
    store.getState().appendLogs('other', lines(0, 60));
    expect(store.getState().logs.views.get('other')).toMatchObject({ max: 50, dropped: 10 });
  });

  it('shrinks an open view, clears and closes views', () => {
    const store = createDeckStore();
    store.getState().appendLogs('v', lines(0, 10));
    store.getState().openLogView('v', { maxLines: 4 });
    expect(store.getState().logs.views.get('v')).toMatchObject({ max: 4, dropped: 6 });
    store.getState().clearLogView('v');
    expect(store.getState().logs.views.get('v')).toEqual({ lines: [], dropped: 0, max: 4 });
    store.getState().closeLogView('v');
    expect(store.getState().logs.views.has('v')).toBe(false);
    expect(() => store.getState().openLogView('bad', { maxLines: -1 })).toThrow(/log view "bad": maxLines must be a positive integer/);
  });
});

describe('lag', () => {
  const round = (at: number, lag: number | null): LagSample[] => [
    { group: 'event-processor', topic: 'events', partition: 0, lag, members: 2, at },
    { group: 'event-processor', topic: 'events', partition: 1, lag: lag === null ? null : 1, members: 2, at },
  ];

  it('keeps the last 60 rounds per source', () => {
    const store = createDeckStore();
    for (let i = 0; i < 75; i++) store.getState().recordLagSamples('prom', round(i * 10_000, i));
    const src = store.getState().lag.sources.get('prom')!;
    expect(src.rounds).toHaveLength(60);
    expect(src.rounds[0]![0]!.lag).toBe(15);
    expect(src.lastSampleAt).toBe(740_000);
  });

  it('records the last error per source without dropping its history', () => {
    const store = createDeckStore({ limits: { lagRounds: 2 } });
    store.getState().recordLagSamples('burrow', round(1_000, 5));
    const before = store.getState().lag.sources;
    store.getState().recordLagError('burrow', new Error('connect ECONNREFUSED 127.0.0.1:8000'), 2_000);
    const after = store.getState().lag.sources;
    expect(after).not.toBe(before);
    expect(after.get('burrow')).toMatchObject({ lastError: { message: 'connect ECONNREFUSED 127.0.0.1:8000', at: 2_000 }, lastSampleAt: 1_000 });
    expect(after.get('burrow')!.rounds).toHaveLength(1);
  });
});

describe('warnings', () => {
  it('moves a repeated warning to the end instead of repeating it', () => {
    const store = createDeckStore();
    store.getState().warn('a');
    store.getState().warn('b');
    store.getState().warn('a');
    expect(store.getState().warnings).toEqual(['b', 'a']);
  });

  it('keeps the newest N', () => {
    const store = createDeckStore({ limits: { warnings: 3 } });
    for (let i = 0; i < 10; i++) store.getState().warn(`w${i}`);
    expect(store.getState().warnings).toEqual(['w7', 'w8', 'w9']);
    store.getState().clearWarnings();
    expect(store.getState().warnings).toEqual([]);
  });
});

describe('connection', () => {
  it('records watch states and synced resources in new collections', () => {
    const store = createDeckStore();
    const c0 = store.getState().connection;
    store.getState().setWatchState('pods', { state: 'reconnecting', since: 5, error: 'ECONNRESET', attempt: 2 });
    store.getState().markSynced('pods');
    const c1 = store.getState().connection;
    expect(c1.watches).not.toBe(c0.watches);
    expect(c1.synced).not.toBe(c0.synced);
    expect(c1.watches.get('pods')).toEqual({ state: 'reconnecting', since: 5, error: 'ECONNRESET', attempt: 2 });
    expect(c1.synced.has('pods')).toBe(true);
    let writes = 0;
    store.subscribe(() => writes++);
    store.getState().markSynced('pods');
    expect(store.getState().connection).toBe(c1); // already synced: nothing to change
    expect(writes).toBe(0);
    store.getState().setConnection({ namespace: 'watchlight' });
    expect(store.getState().connection).toMatchObject({ namespace: 'watchlight', context: '' });
  });
});
