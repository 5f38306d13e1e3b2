// The line diff: minimal, and always a faithful edit script from a to b.
import { describe, expect, it } from 'vitest';
import { lineDiff, unified, type DiffLine } from '../../../src/helm/diff/line-diff.js';

// Applying the script must give back both sides exactly.
function sides(d: DiffLine[]): [string[], string[]] {
  return [d.filter((l) => l.op !== '+').map((l) => l.text), d.filter((l) => l.op !== '-').map((l) => l.text)];
}
const edits = (d: DiffLine[]) => d.filter((l) => l.op !== ' ').length;
// The textbook LCS table: the fewest edits are |a| + |b| - 2·LCS.
function minEdits(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return a.length + b.length - 2 * t[a.length]![b.length]!;
}

describe('lineDiff', () => {
  it.each([
    [[], [], 0],
    [['a'], [], 1],
    [[], ['a'], 1],
    [['a', 'b', 'c'], ['a', 'b', 'c'], 0],
    [['a', 'b', 'c'], ['a', 'x', 'c'], 2],
    [['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c'], 5], // Myers' paper example: D = 5
    [['x', 'a', 'b'], ['a', 'b', 'y'], 2],
  ])('%j → %j in %i edits', (a, b, d) => {
    const diff = lineDiff(a, b);
    expect(sides(diff)).toEqual([a, b]);
    expect(edits(diff)).toBe(d);
  });

  it('is correct and minimal on random inputs', () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: rnd(30) }, () => 'abcde'[rnd(5)]!);
      const b = Array.from({ length: rnd(30) }, () => 'abcde'[rnd(5)]!);
      const diff = lineDiff(a, b);
      expect(sides(diff)).toEqual([a, b]);
      expect(edits(diff)).toBe(minEdits(a, b));
    }
  });

  it('stays correct past the edit cap (large, unrelated inputs)', () => {
    const a = Array.from({ length: 2000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 2000 }, (_, i) => `b${i}`);
    const diff = lineDiff(['same', ...a, 'tail'], ['same', ...b, 'tail']);
    expect(sides(diff)).toEqual([['same', ...a, 'tail'], ['same', ...b, 'tail']]);
    expect(diff[0]).toEqual({ op: ' ', text: 'same' });
  });
});

describe('unified', () => {
  it('folds unchanged runs beyond the context, and says nothing for no change', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[10] = 'changed';
    expect(unified(lineDiff(a, b), 2)).toEqual(['  … 8 unchanged lines', '  l8', '  l9', '- l10', '+ changed', '  l11', '  l12', '  … 7 unchanged lines']);
    expect(unified(lineDiff(a, a))).toEqual([]);
  });
});
