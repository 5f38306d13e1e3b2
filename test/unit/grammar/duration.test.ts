// One duration grammar for flags, runbooks, the config file and kubesim's pod conventions.
import { describe, expect, it } from 'vitest';
import { parseMs } from '../../../src/cli/parse-ms.js';
import { parseDuration } from '../../../src/grammar/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['1.5s', 1500],
    [' 2m ', 120_000],
    ['5', undefined],
    ['', undefined],
    ['5 m', undefined],
    ['m', undefined],
    ['-1s', undefined],
    ['1d', undefined],
    ['1h-30m', undefined],
  ])('%j → %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['5', 5000],
    ['0.5', 500],
    ['90s', 90_000],
    ['never', undefined],
  ])('%j with bare seconds (kubesim env, flags) → %s', (text, ms) => {
    expect(parseDuration(text, { bareSeconds: true })).toBe(ms);
  });
});

describe('a flag takes the same grammar', () => {
  it.each([
    ['1h30m', 5_400_000],
    ['45', 45_000],
    ['250ms', 250],
  ])('--timeout %s → %s ms', (text, ms) => {
    expect(parseMs(text, 1)).toBe(ms);
  });

  it('refuses zero and what is not a duration, naming the flag', () => {
    expect(() => parseMs('0', 1, '--observe')).toThrow('--observe: must be more than 0, got "0"');
    expect(() => parseMs('0s', 1)).toThrow('--timeout: must be more than 0');
    expect(() => parseMs('soon', 1, '--wait-timeout')).toThrow('--wait-timeout: expected a duration such as 30s, 2m or 1h30m, got "soon"');
  });

  it('falls back when the flag is absent', () => {
    expect(parseMs(undefined, 30_000)).toBe(30_000);
  });
});
