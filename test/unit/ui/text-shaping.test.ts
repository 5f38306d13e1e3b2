import { describe, expect, it } from 'vitest';
import { layoutColumns, type ColumnSpec } from '../../../src/ui/columns.js';
import { age, clip, durationText, fit } from '../../../src/ui/format.js';
import { sparkline } from '../../../src/ui/sparkline.js';

describe('fit / clip', () => {
  it('pads or cuts to exactly the width, with an ellipsis when cut', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('a\nb', 3)).toBe('a b');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab', 4)).toBe('ab');
  });
});

describe('age / durationText', () => {
  it('reads like kubectl and a stopwatch', () => {
    expect(age(0, 45_000)).toBe('45s');
    expect(age(0, 12 * 60_000)).toBe('12m');
    expect(age(0, 5 * 3_600_000)).toBe('5h');
    expect(age(0, 3 * 86_400_000)).toBe('3d');
    expect(age(undefined, 1)).toBe('');
    expect(durationText(65_000)).toBe('0:01:05');
    expect(durationText(86_400_000 + 3_723_000)).toBe('1d 1:02:03');
  });
});

describe('layoutColumns', () => {
  const specs: ColumnSpec[] = [{ title: 'NAME', min: 10, grow: 1 }, { title: 'READY', min: 5 }, { title: 'NODE', min: 10, grow: 1, optional: true }];
  it('shares the spare width among growing columns', () => {
    expect(layoutColumns(specs, 41)).toEqual([17, 5, 17]);
    expect(layoutColumns(specs, 42)).toEqual([17, 5, 18]);
  });
  it('drops optional columns before cutting the others', () => {
    expect(layoutColumns(specs, 20)).toEqual([14, 5, 0]);
    expect(layoutColumns(specs, 12)).toEqual([10, 1, 0]);
  });
});

describe('sparkline', () => {
  it('scales the newest values between their min and max', () => {
    expect(sparkline([600, 500, 400, 300, 200, 100], 10)).toBe('█▇▅▄▂▁');
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toBe('▁▅█');
  });
  it('leaves unknown samples blank and keeps a flat series readable', () => {
    expect(sparkline([5, null, 5], 3)).toBe('▄ ▄');
    expect(sparkline([0, 0], 2)).toBe('▁▁');
    expect(sparkline([null], 1)).toBe(' ');
  });
});
