import { describe, expect, it } from 'vitest';
import { connectionSummary } from '../../../src/ui/model/connection-summary.js';
import { bottomPosition, logCount, logModel } from '../../../src/ui/model/log-model.js';
import { HIDDEN, maskManifest, maskValues } from '../../../src/ui/overlays/mask-secrets.js';

describe('connectionSummary', () => {
  it('is live when every watch is', () => {
    expect(connectionSummary(new Map([['pods', { state: 'live', since: 1 }]]))).toEqual({ text: 'live (1 watches)', state: 'ok' });
  });
  it('names forbidden resources and the worst state wins', () => {
    const s = connectionSummary(new Map([
      ['pods', { state: 'live', since: 1 }],
      ['pdbs', { state: 'forbidden', since: 1, message: 'no' }],
      ['hpas', { state: 'forbidden', since: 1, message: 'no' }],
      ['events', { state: 'reconnecting', since: new Date(2026, 0, 1, 9, 5, 7).getTime(), error: 'EOF', attempt: 3 }],
    ]));
    expect(s.state).toBe('failed');
    expect(s.text).toBe('stale since 09:05:07 · reconnecting (events) · forbidden: hpas, pdbs');
  });
  it('says when nothing is watched yet', () => {
    expect(connectionSummary(new Map()).state).toBe('unknown');
  });
});

describe('logModel', () => {
  const view = { lines: ['a 1', 'B 2', 'a 3', 'c 4'].map((text) => ({ pod: 'p', container: 'c', text })), dropped: 10, max: 100 };
  it('filters by regex, case-insensitive unless the pattern has upper case', () => {
    expect(logModel(view, 'b').matches).toEqual([1]);
    expect(logModel(view, 'B').matches).toEqual([1]);
    expect(logModel(view, 'A').matches).toEqual([]);
    expect(logModel(view, '^a \\d').matches).toEqual([0, 2]);
    expect(logModel(view, '(').error).toBeTruthy();
  });
  it('addresses lines absolutely, so a paused view stays put as old lines drop', () => {
    const m = logModel(view, 'a');
    expect(logCount(m)).toBe(2);
    expect(bottomPosition(m, undefined)).toBe(1);
    expect(bottomPosition(m, 11)).toBe(0); // line 11 ("B 2") is filtered out: the last match before it
    expect(bottomPosition(logModel(view, undefined), 12)).toBe(2);
  });
  it('caches per view and filter', () => {
    expect(logModel(view, 'a')).toBe(logModel(view, 'a'));
  });
});

describe('secrets are never shown', () => {
  it('hides Secret data in a manifest but keeps the keys and other documents', () => {
    const manifest = [
      '---', 'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db', 'data:', '  password: c2VjcmV0', '  cert: |', '    -----BEGIN-----', '    abc', 'type: Opaque',
      '---', 'kind: ConfigMap', 'data:', '  mode: fast',
    ].join('\n');
    const out = maskManifest(manifest);
    expect(out).not.toContain('c2VjcmV0');
    expect(out).not.toContain('BEGIN');
    expect(out).toContain(`  password: ${HIDDEN}`);
    expect(out).toContain(`  cert: ${HIDDEN}`);
    expect(out).toContain('type: Opaque');
    expect(out).toContain('  mode: fast');
  });
  it('hides credential-looking user values', () => {
    expect(maskValues({ db: { password: 'hunter2', host: 'db' }, apiKey: 'k', list: [{ token: 't' }] }))
      .toEqual({ db: { password: HIDDEN, host: 'db' }, apiKey: HIDDEN, list: [{ token: HIDDEN }] });
  });
});

