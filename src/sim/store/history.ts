// A bounded ring of committed changes, so a watch can resume from a
// resourceVersion; too old a version gets 410 Gone, as with etcd compaction.
import type { StoreEvent } from './types.js';

function trimmedOld(old: StoreEvent['object']): StoreEvent['object'] {
  // Exactly the fields label and field selectors read.
  return {
    metadata: { name: old.metadata.name, namespace: old.metadata.namespace, labels: old.metadata.labels },
    spec: old.spec?.nodeName ? { nodeName: old.spec.nodeName } : undefined,
    status: old.status?.phase ? { phase: old.status.phase } : undefined,
    involvedObject: old.involvedObject,
    type: old.type,
    reason: old.reason,
  };
}

export class History {
  private readonly ring: (StoreEvent | undefined)[];
  private start = 0;
  private size = 0;
  /** The resourceVersion below which history has been compacted away. */
  private compactedThrough = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  push(full: StoreEvent): void {
    // The previous version is kept only as "did it match a selector before",
    // not as a whole object, so history does not pin every superseded pod.
    const e: StoreEvent = full.old ? { ...full, old: trimmedOld(full.old) } : full;
    if (this.size === this.capacity) {
      this.compactedThrough = this.ring[this.start]!.rv;
      this.ring[this.start] = e;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.ring[(this.start + this.size) % this.capacity] = e;
      this.size++;
    }
  }

  /** Events with rv > fromRV, or undefined when some of them were compacted away. */
  since(fromRV: number): StoreEvent[] | undefined {
    if (fromRV < this.compactedThrough) return undefined;
    const out: StoreEvent[] = [];
    // Binary search the first event after fromRV (rvs are increasing).
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid).rv <= fromRV) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.size; i++) out.push(this.at(i));
    return out;
  }

  oldest(): number {
    return this.compactedThrough;
  }

  /** Forgets everything up to now: every resume from an older version gets 410. */
  compact(throughRV: number): void {
    this.compactedThrough = Math.max(this.compactedThrough, throughRV);
  }

  private at(i: number): StoreEvent {
    return this.ring[(this.start + i) % this.capacity]!;
  }
}
