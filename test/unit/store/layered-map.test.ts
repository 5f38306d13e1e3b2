import { describe, expect, it } from 'vitest';
import { withChanges } from '../../../src/store/layered-map.js';

// The plain-Map behaviour withChanges must match: delete then set, so a changed key moves to the end.
function reference<V>(map: Map<string, V>, changes: Map<string, V | undefined>): Map<string, V> {
  const next = new Map(map);
  for (const [k, v] of changes) {
    next.delete(k);
    if (v !== undefined) next.set(k, v);
  }
  return next;
}

describe('withChanges', () => {
  it('reads, counts and iterates like a copied Map through many versions, large and small', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (const size of [10, 600, 3000]) {
      let fast = new Map(Array.from({ length: size }, (_, i) => [`k${i}`, i]));
      let slow = new Map(fast);
      for (let step = 0; step < 300; step++) {
        const changes = new Map<string, number | undefined>();
        for (let c = rand(4) + 1; c > 0; c--) changes.set(`k${rand(size + 50)}`, rand(3) === 0 ? undefined : step * 10 + c);
        const before = [...fast];
        const next = withChanges(fast, changes);
        slow = reference(slow, changes);
        expect([...fast]).toEqual(before); // the old version is untouched
        fast = next;
        expect(fast.size).toBe(slow.size);
        expect([...fast.keys()]).toEqual([...slow.keys()]);
        expect([...fast.values()]).toEqual([...slow.values()]);
        for (let q = 0; q < 5; q++) {
          const k = `k${rand(size + 50)}`;
          expect(fast.get(k)).toBe(slow.get(k));
          expect(fast.has(k)).toBe(slow.has(k));
        }
      }
      expect(new Map(fast)).toEqual(slow);
      const seen: string[] = [];
      fast.forEach((_v, k) => seen.push(k));
      expect(seen).toEqual([...slow.keys()]);
    }
  });

  it('refuses to be mutated in place', () => {
    const big = new Map(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const next = withChanges(big, new Map([['k1', 5]]));
    expect(() => next.set('x', 1)).toThrow(TypeError);
    expect(() => next.delete('k1')).toThrow(TypeError);
    expect(big.get('k1')).toBe(1);
  });
});
