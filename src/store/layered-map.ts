// The store's big Maps (5,000 pods) change a few entries per frame, and each
// change must yield a new Map (selectors compare by identity). Copying every
// entry per frame costs more than everything else a pod event does, so a
// large Map's next version is a shared, never-mutated base plus the changes
// since, folded into a fresh base once the changes grow past about √size.
// Iteration order is the plain Map's: untouched entries first, then changed
// ones, most recently changed last.

const GONE: unique symbol = Symbol('gone');
type Slot<V> = V | typeof GONE;

/** A read-only Map: `base` with `delta` applied. Mutating methods throw. */
class LayeredMap<V> extends Map<string, V> {
  readonly #base: Map<string, V>;
  readonly #delta: Map<string, Slot<V>>;
  readonly #size: number;

  constructor(base: Map<string, V>, delta: Map<string, Slot<V>>, size: number) {
    super();
    this.#base = base;
    this.#delta = delta;
    this.#size = size;
  }

  override get size(): number {
    return this.#size;
  }

  override get(key: string): V | undefined {
    const d = this.#delta.get(key);
    if (d !== undefined) return d === GONE ? undefined : d;
    return this.#base.get(key);
  }

  override has(key: string): boolean {
    const d = this.#delta.get(key);
    if (d !== undefined) return d !== GONE;
    return this.#base.has(key);
  }

  override *entries(): MapIterator<[string, V]> {
    const delta = this.#delta;
    for (const e of this.#base) if (!delta.has(e[0])) yield e;
    for (const [k, v] of delta) if (v !== GONE) yield [k, v];
  }

  override *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  override set(): this {
    throw new TypeError('store Maps are read-only: changes go through the batch');
  }

  override delete(): boolean {
    throw new TypeError('store Maps are read-only: changes go through the batch');
  }

  override clear(): void {
    throw new TypeError('store Maps are read-only: changes go through the batch');
  }

  /** The next version with `changes` applied (undefined: remove), sharing this one's base. */
  with(changes: Map<string, V | undefined>): Map<string, V> {
    const delta = new Map(this.#delta);
    let size = this.#size;
    for (const [k, v] of changes) {
      const had = this.has(k);
      // Delete first so a changed entry moves to the end, as in a plain Map.
      delta.delete(k);
      if (v === undefined) {
        if (had) size--;
        if (this.#base.has(k)) delta.set(k, GONE);
      } else {
        if (!had) size++;
        delta.set(k, v);
      }
    }
    return layered(this.#base, delta, size);
  }
}

// Below this many entries a copy is cheap; layering is not worth its slower reads.
const LAYER_FROM = 512;

function layered<V>(base: Map<string, V>, delta: Map<string, Slot<V>>, size: number): Map<string, V> {
  if (delta.size > 2 * Math.sqrt(base.size) + 16) {
    const flat = new Map<string, V>();
    for (const e of new LayeredMap(base, delta, size).entries()) flat.set(e[0], e[1]);
    return flat;
  }
  return new LayeredMap(base, delta, size);
}

/**
 * A new Map: `map` with `changes` applied in order (a value sets the key and
 * moves it to the end, undefined removes it). `map` itself is never mutated.
 */
export function withChanges<V>(map: Map<string, V>, changes: Map<string, V | undefined>): Map<string, V> {
  if (map instanceof LayeredMap) return (map as LayeredMap<V>).with(changes);
  if (map.size >= LAYER_FROM) return new LayeredMap(map, new Map(), map.size).with(changes);
  const next = new Map(map);
  for (const [k, v] of changes) {
    next.delete(k);
    if (v !== undefined) next.set(k, v);
  }
  return next;
}
