// Which of the release's workloads select each pod, kept incremental: the
// store never mutates a pod or a workload in place, so a pod's matches hold
// until the pod object or the set of selectors changes, and a workload's pod
// list keeps its identity while its members are unchanged.
import type { Pod, Workload } from '../status/index.js';
import { matchesSelector } from '../status/index.js';

/** What decides whether a workload selects a pod (namespace and selector), as a string. */
export function selectorKey(obj: Workload): string {
  let k = keys.get(obj);
  if (k === undefined) {
    const sel = obj.spec?.selector;
    k = `${obj.metadata?.namespace ?? ''}\0${sel ? JSON.stringify(sel) : '-'}`;
    keys.set(obj, k);
  }
  return k;
}
const keys = new WeakMap<Workload, string>();

// One set of distinct selectors, with a representative workload for each and the lists last handed out.
interface Universe {
  key: string;
  reps: Workload[];
  last?: { pods: readonly Pod[]; lists: Map<string, Pod[]>; hits: number[][] };
  previous: Map<string, Pod[]>;
  /** Per pod object, the indexes into `reps` of the selectors that select it. */
  hits: WeakMap<Pod, number[]>;
}
const universes = new Map<string, Universe>();

/**
 * For each distinct selector of `objects`, the pods it selects, in `pods`
 * order — exactly what selectedPods(obj, pods) returns for each object.
 */
export function podsBySelector(objects: readonly Workload[], pods: readonly Pod[]): Map<string, Pod[]> {
  const u = universeOf(objects);
  if (u.last?.pods === pods) return u.last.lists;
  const buckets: Pod[][] = u.reps.map(() => []);
  // The store's Map keeps a replaced pod in its place, so most pods sit where they sat last time.
  const lastPods = u.last?.pods ?? [];
  const lastHits = u.last?.hits ?? [];
  const allHits: number[][] = new Array<number[]>(pods.length);
  for (let p = 0; p < pods.length; p++) {
    const pod = pods[p]!;
    let hits = lastPods[p] === pod ? lastHits[p] : u.hits.get(pod);
    if (!hits) {
      hits = [];
      const podNs = pod.metadata?.namespace;
      u.reps.forEach((obj, i) => {
        const ns = obj.metadata?.namespace;
        if (ns && podNs && ns !== podNs) return;
        if (matchesSelector(obj.spec?.selector, pod.metadata?.labels)) hits!.push(i);
      });
      u.hits.set(pod, hits);
    }
    allHits[p] = hits;
    for (const i of hits) buckets[i]!.push(pod);
  }
  const lists = new Map<string, Pod[]>();
  u.reps.forEach((obj, i) => {
    const k = selectorKey(obj);
    const list = buckets[i]!;
    const prev = u.previous.get(k);
    lists.set(k, prev && sameItems(prev, list) ? prev : list);
  });
  u.previous = lists;
  u.last = { pods, lists, hits: allHits };
  return lists;
}

function universeOf(objects: readonly Workload[]): Universe {
  const reps = new Map<string, Workload>();
  for (const o of objects) {
    const k = selectorKey(o);
    if (!reps.has(k)) reps.set(k, o);
  }
  const key = [...reps.keys()].join('\u0001');
  let u = universes.get(key);
  if (!u) {
    u = { key, reps: [...reps.values()], previous: new Map(), hits: new WeakMap() };
    universes.set(key, u);
    // A handful of releases and namespaces at most; forget the oldest beyond that.
    if (universes.size > 16) universes.delete(universes.keys().next().value as string);
  } else {
    universes.delete(key);
    universes.set(key, u);
  }
  return u;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
