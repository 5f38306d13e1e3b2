// The Pods pane's rows: the release's pods with their health, flattened to
// the primitives a row shows so memoised rows skip when nothing they print
// changed. Health is judged at the time the inputs last changed, not every
// second: an idle cockpit must not recompute (or redraw) anything.
import type { ContainerHealth, PodHealth } from '../../status/index.js';
import { memoByKey, memoByRef, selectReleasePods, type DeckState, type ReleasePod } from '../../store/index.js';
import { timeOf } from '../format.js';
import { nsOption, releaseDeps, snapshotTime, type Item, type PaneQuery } from './pane-query.js';

/** One row of the Pods pane. */
export interface PodItem extends Item {
  name: string;
  namespace: string;
  workload: string;
  readyText: string;
  reason: string;
  severity: PodHealth['severity'];
  restarts: number;
  /** Epoch ms of creation. */
  created?: number;
  node: string;
  /** App containers first, then init containers: the order `c` cycles through. */
  containers: string[];
  health: PodHealth;
  source: ReleasePod;
}

/** The release's pods as Pods rows: the same array while selectReleasePods returns the same one. */
export const podItems: (s: DeckState, q: PaneQuery) => PodItem[] = memoByKey(
  (_s, q) => `${q.release}\0${q.namespace}`,
  (s, q) => [releasePods(s, q)],
  (s, q) => itemsOf(releasePods(s, q)),
);

/** The row of the pod with store key `key` ("ns/name"), if the release has it. */
export function podItemByKey(s: DeckState, q: PaneQuery, key: string): PodItem | undefined {
  const items = podItems(s, q);
  const i = indexes.get(items)?.get(key);
  return i === undefined ? undefined : items[i];
}

function releasePods(s: DeckState, q: PaneQuery): ReleasePod[] {
  return selectReleasePods(s, q.release, { namespace: nsOption(q), now: snapshotTime(releaseDeps(s, q)) });
}

// A pod event changes one ReleasePod in place: reuse every other row (an
// identity check, not a lookup, per pod) and the key index when no row moved.
let last: { pods: readonly ReleasePod[]; items: PodItem[] } | undefined;
const indexes = new WeakMap<readonly PodItem[], Map<string, number>>();
function itemsOf(pods: readonly ReleasePod[]): PodItem[] {
  const prev = last;
  let items: PodItem[];
  let moved = true;
  if (prev && prev.pods.length === pods.length) {
    moved = false;
    items = new Array<PodItem>(pods.length);
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      if (p === prev.pods[i]) items[i] = prev.items[i]!;
      else {
        items[i] = toItem(p);
        if (p.key !== prev.pods[i]!.key) moved = true;
      }
    }
  } else items = pods.map((p) => toItem(p));
  indexes.set(items, !moved && prev ? indexes.get(prev.items)! : new Map(items.map((it, i) => [it.key, i])));
  last = { pods, items };
  return items;
}

// Nothing in a row depends on the clock (AGE is drawn from `created`), and
// selectReleasePods keeps a pod's ReleasePod object while its pod and health
// are unchanged, so a row is built once per ReleasePod.
const toItem = memoByRef(buildItem);

function buildItem(p: ReleasePod): PodItem {
  const h = p.health;
  const node = typeof p.pod.spec?.nodeName === 'string' ? p.pod.spec.nodeName : '';
  const namespace = p.pod.metadata.namespace ?? '';
  const created = timeOf(p.pod.metadata.creationTimestamp);
  return {
    key: p.key, name: h.name, namespace, workload: p.workload, readyText: h.readyText, reason: h.reason, severity: h.severity,
    restarts: h.restarts, node, containers: containerOrder(h.containers), health: h, source: p,
    search: `${h.name} ${h.reason} ${node} ${p.workload}`.toLowerCase(),
    ...(created !== undefined ? { created } : {}),
  };
}

function containerOrder(cs: ContainerHealth[]): string[] {
  return [...cs.filter((c) => !c.init), ...cs.filter((c) => c.init)].map((c) => c.name);
}

const longest = new WeakMap<readonly PodItem[], number>();

/** The widest pod name among `items` (the Pods pane's NAME column wants that much). */
export function longestName(items: readonly PodItem[]): number {
  let n = longest.get(items);
  if (n === undefined) {
    n = 0;
    for (const it of items) n = Math.max(n, it.name.length);
    longest.set(items, n);
  }
  return n;
}
