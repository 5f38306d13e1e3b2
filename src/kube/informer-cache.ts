// The informer's memory of what it reported: relists are diffed against it
// (so a restart or a 410 emits only real changes, and deletes for objects
// that vanished meanwhile) and watch events older than it are dropped.
// Only names and resourceVersions are needed for that; a resource whose
// consumer keeps its own copy (Events, decoded helm releases) can have the
// cache keep just that much of each object instead of the object.
import { isNewerVersion } from './resource-version.js';
import type { InformerSink, KubeObject } from './types.js';

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Objects by namespace/name (or what `remember` keeps of them), kept equal to what the sink was told. */
export class InformerCache {
  private readonly objects = new Map<string, KubeObject>();
  /** Watch events dropped as duplicate or out of order. */
  staleEvents = 0;

  constructor(
    private readonly sink: InformerSink,
    private readonly remember: (obj: KubeObject) => KubeObject = (obj) => obj,
  ) {}

  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  get size(): number {
    return this.objects.size;
  }

  /** Takes a full list as the truth: upserts what is new or changed, removes what vanished. */
  replace(items: Iterable<KubeObject>): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = keyOf(obj);
      seen.add(key);
      if (this.objects.get(key)?.metadata.resourceVersion === obj.metadata.resourceVersion) continue;
      this.objects.set(key, this.remember(obj));
      this.sink.upsert(obj);
    }
    for (const [key, old] of this.objects) {
      if (seen.has(key)) continue;
      this.objects.delete(key);
      this.sink.remove(old);
    }
  }

  /** Applies one watch event unless it is not newer than what is cached for that object. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void {
    const key = keyOf(obj);
    const old = this.objects.get(key);
    if (old && !isNewerVersion(obj.metadata.resourceVersion, old.metadata.resourceVersion)) {
      this.staleEvents++;
      return;
    }
    if (type === 'DELETED') {
      if (!old) return;
      this.objects.delete(key);
      this.sink.remove(obj);
    } else {
      this.objects.set(key, this.remember(obj));
      this.sink.upsert(obj);
    }
  }
}
