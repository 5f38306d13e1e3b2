// LineBuffer: a ring that keeps the newest lines and counts what it dropped.
import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../../../src/kube/line-buffer.js';

describe('LineBuffer', () => {
  it('holds items in order until full', () => {
    const b = new LineBuffer<number>(3);
    b.push(1);
    b.push(2);
    expect(b.toArray()).toEqual([1, 2]);
    expect([b.size, b.dropped, b.total]).toEqual([2, 0, 2]);
  });

  it('evicts the oldest when full and counts every eviction', () => {
    const b = new LineBuffer<number>(3);
    for (let i = 1; i <= 10; i++) b.push(i);
    expect(b.toArray()).toEqual([8, 9, 10]);
    expect([b.size, b.dropped, b.total]).toEqual([3, 7, 10]);
    expect(b.at(0)).toBe(8);
    expect(b.at(3)).toBeUndefined();
    expect(b.last(2)).toEqual([9, 10]);
    expect(b.last(99)).toEqual([8, 9, 10]);
  });

  it('defaults to 5,000 lines and stays bounded at 2,000 lines/s for a minute', () => {
    const b = new LineBuffer<string>();
    expect(b.capacity).toBe(5000);
    for (let i = 0; i < 120_000; i++) b.push(`line ${i}`);
    expect(b.size).toBe(5000);
    expect(b.dropped).toBe(115_000);
    expect(b.at(0)).toBe('line 115000');
    expect(b.last(1)).toEqual(['line 119999']);
  });

  it('clear() empties it and resets the counters', () => {
    const b = new LineBuffer<number>(2);
    for (let i = 0; i < 5; i++) b.push(i);
    b.clear();
    expect([b.size, b.dropped, b.total, b.toArray().length]).toEqual([0, 0, 0, 0]);
    b.push(42);
    expect(b.toArray()).toEqual([42]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new LineBuffer(0)).toThrow(RangeError);
    expect(() => new LineBuffer(1.5)).toThrow(RangeError);
  });
});
