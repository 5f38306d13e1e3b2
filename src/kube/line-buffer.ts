// The bounded log buffer: a ring that keeps the newest lines and counts what
// it had to drop, so a 2,000 lines/s stream cannot grow memory and the Logs
// pane can say "N older lines dropped".

/** A fixed-capacity ring of the newest items; counts evictions. */
export class LineBuffer<T> {
  private readonly ring: (T | undefined)[];
  private start = 0;
  private count = 0;
  private evicted = 0;
  private pushed = 0;

  constructor(readonly capacity = 5000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LineBuffer capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array(capacity);
  }

  /** Items held now (≤ capacity). */
  get size(): number {
    return this.count;
  }

  /** Items evicted to make room since creation or the last clear(). */
  get dropped(): number {
    return this.evicted;
  }

  /** Items ever pushed since creation or the last clear() (= size + dropped). */
  get total(): number {
    return this.pushed;
  }

  /** Appends an item, evicting the oldest when full. */
  push(item: T): void {
    this.pushed++;
    if (this.count < this.capacity) {
      this.ring[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return;
    }
    this.ring[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.evicted++;
  }

  /** The i-th held item, oldest first (undefined when out of range). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.ring[(this.start + i) % this.capacity];
  }

  /** The newest `n` items, oldest first. */
  last(n: number): T[] {
    const k = Math.max(0, Math.min(n, this.count));
    const out = new Array<T>(k);
    for (let i = 0; i < k; i++) out[i] = this.at(this.count - k + i)!;
    return out;
  }

  /** Every held item, oldest first. */
  toArray(): T[] {
    return this.last(this.count);
  }

  /** Empties the buffer and resets the counters. */
  clear(): void {
    this.ring.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.evicted = 0;
    this.pushed = 0;
  }
}
