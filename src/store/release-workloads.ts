// The Rollout and Pods panes of one release: which workloads the release
// owns (from its revision's manifest, the source of truth for "what helm
// deployed") joined to the live objects the watches hold, each judged by the
// status/ rules. Cached on the input references plus `now`, so a pane calling
// these every frame recomputes only when a watch or the clock moved.
import { parseManifest } from '../helm/manifest.js';
import type { HelmRevision } from '../helm/release-types.js';
import type { KubeObject } from '../kube/types.js';
import { healthFlipAt, matchesSelector, podHealth, sameRolloutFacts, workloadStatus, type Pod, type PodHealth, type ReplicaSet, type Workload, type WorkloadStatus } from '../status/index.js';
import type { DeckState } from './deck-state.js';
import { changedKeys, type WorkloadResource } from './kube-slice.js';
import { memoByRef, rememberBounded } from './memo.js';
import { keyOf, objectKey } from './object-key.js';
import { podsBySelector, selectorKey } from './pod-selection.js';
import { latestDeployed, releaseRevisions } from './release-selectors.js';

/** One workload of the release with its rollout verdict. */
export interface ReleaseWorkload {
  kind: string;
  name: string;
  namespace: string;
  resource: WorkloadResource;
  /** The live object; undefined when the cluster does not have it (or the watch has not listed yet). */
  object?: KubeObject;
  /** A hook (e.g. the pre-upgrade migration Job), shown while its object exists. */
  hook: boolean;
  status: WorkloadStatus;
}

/** The release's workloads, from one revision's manifest. */
export interface ReleaseWorkloads {
  /** The revision whose manifest was read (undefined when the release is unknown). */
  revision?: number;
  rows: ReleaseWorkload[];
  /** Why the manifest could not be read, if it could not. */
  error?: string;
}

/** A pod selected by one of the release's workloads. */
export interface ReleasePod {
  key: string;
  /** "Deployment/beacon-api": the first workload that selects it. */
  workload: string;
  pod: KubeObject;
  health: PodHealth;
}

/** Options: the clock (default: now, to the second), a namespace, or a revision other than the deployed one. */
export interface ReleaseQuery {
  now?: number;
  namespace?: string;
  revision?: number;
}

const RESOURCE_OF: Readonly<Record<string, WorkloadResource>> = {
  Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', ReplicaSet: 'replicasets', Job: 'jobs',
};

interface Ref { kind: string; name: string; namespace: string; hook: boolean }

/** The release's workloads from its deployed revision (else its latest), matched to live objects. */
export function selectReleaseWorkloads(s: DeckState, name: string, q: ReleaseQuery = {}): ReleaseWorkloads {
  const key = queryKey(name, q);
  const now = clock(q);
  const release = s.helm.releases.get(name);
  const mask = syncedMask(s);
  const hit = workloadsCache.get(key);
  if (hit && hit.release === release && hit.workloads === s.workloads && hit.mask === mask && hit.flips.before <= now && now < hit.flips.after
    && (hit.pods === s.pods || onlyQuietChanges(hit.pods, s.pods, now))) {
    hit.pods = s.pods;
    return hit.value;
  }
  const flips = { before: -Infinity, after: Infinity };
  const value = computeWorkloads(s, name, q, now, flips);
  rememberBounded(workloadsCache, key, { release, workloads: s.workloads, mask, pods: s.pods, value, flips });
  return value;
}

interface WorkloadsEntry {
  release: unknown;
  workloads: DeckState['workloads'];
  mask: string;
  pods: Map<string, KubeObject>;
  value: ReleaseWorkloads;
  /** The verdicts read the clock only through the health of pods that are not ready (blockers): they hold between these flips. */
  flips: Flips;
}

/** The latest instant ≤ now and the earliest > now at which some pod's health changes with the clock alone. */
interface Flips {
  before: number;
  after: number;
}

function noteFlip(flips: Flips, pod: Pod, now: number): void {
  const f = healthFlipAt(pod, now);
  if (f === undefined) return;
  if (f <= now) flips.before = Math.max(flips.before, f);
  else flips.after = Math.min(flips.after, f);
}
const workloadsCache = new Map<string, WorkloadsEntry>();

// A pod event that changes nothing workloadStatus reads (a ready pod's restart
// count, an annotation) keeps every verdict: checked per changed pod, so a
// steady stream of such events costs O(changes), not O(pods).
function onlyQuietChanges(from: Map<string, KubeObject>, to: Map<string, KubeObject>, now: number): boolean {
  const keys = changedKeys(from, to);
  if (!keys) return false;
  for (const k of keys) {
    const a = from.get(k);
    const b = to.get(k);
    if (!a || !b || !sameRolloutFacts(a as Pod, b as Pod, now)) return false;
  }
  return true;
}

function computeWorkloads(s: DeckState, name: string, q: ReleaseQuery, now: number, flips: Flips): ReleaseWorkloads {
  const revs = releaseRevisions(s, name, q.namespace);
  const rev = q.revision !== undefined ? revs.find((r) => r.revision === q.revision) : latestDeployed(revs) ?? revs.at(-1);
  if (!rev) return { rows: [] };
  const { refs, error } = refsOf(rev);
  const pods = podList(s.pods);
  const replicaSets = replicaSetList(s.workloads.replicasets) as ReplicaSet[];
  const live = refs.map((ref) => s.workloads[RESOURCE_OF[ref.kind]!].get(keyOf(ref.namespace, ref.name)));
  // Each workload's own pods, matched incrementally; workloadStatus re-selecting from them picks the same list.
  const selected = podsBySelector(live.filter((o) => o !== undefined) as Workload[], pods);
  for (const list of selected.values()) for (const pod of list) if (!podHealth(pod, now).ready) noteFlip(flips, pod, now);
  const rows: ReleaseWorkload[] = [];
  for (const [i, ref] of refs.entries()) {
    const resource = RESOURCE_OF[ref.kind]!;
    const object = live[i];
    if (!object && ref.hook) continue; // hooks are usually deleted by policy once done
    const status = object
      ? workloadStatus(object as Workload & { kind?: string }, selected.get(selectorKey(object as Workload))!, now, { replicaSets })
      : missing(ref, s.connection.synced.has(resource) ? 'NotFound' : 'NotListed', resource);
    rows.push({ ...ref, resource, hook: ref.hook, status, ...(object ? { object } : {}) });
  }
  return { revision: rev.revision, rows, ...(error ? { error } : {}) };
}

/** The pods the release's live workloads select, with their health, in workload order then by name. */
export function selectReleasePods(s: DeckState, name: string, q: ReleaseQuery = {}): ReleasePod[] {
  const key = queryKey(name, q);
  const now = clock(q);
  const workloads = selectReleaseWorkloads(s, name, q);
  const hit = podsCache.get(key);
  if (hit && hit.workloads === workloads) {
    if (hit.pods === s.pods && hit.now === now) return hit.value;
    const patched = patchReleasePods(hit, s.pods, now);
    if (patched) return patched;
  }
  const entry = computeReleasePods(s, workloads, now);
  rememberBounded(podsCache, key, entry);
  return entry.value;
}

interface PodsEntry {
  workloads: ReleaseWorkloads;
  pods: Map<string, KubeObject>;
  now: number;
  value: ReleasePod[];
  /** Position of each pod's row in `value`, by store key. */
  index: Map<string, number>;
  /** No pod's health changes between these. */
  flips: Flips;
}
const podsCache = new Map<string, PodsEntry>();

function computeReleasePods(s: DeckState, workloads: ReleaseWorkloads, now: number): PodsEntry {
  const pods = podList(s.pods);
  const out: ReleasePod[] = [];
  const index = new Map<string, number>();
  const rows = workloads.rows;
  const selected = podsBySelector(rows.flatMap((r) => (r.object ? [r.object as Workload] : [])), pods);
  const entry: PodsEntry = { workloads, pods: s.pods, now, value: out, index, flips: { before: -Infinity, after: Infinity } };
  for (const row of rows) {
    if (!row.object) continue;
    const sel = selectorKey(row.object as Workload);
    const picked = byName(sel, selected.get(sel)!);
    const workload = `${row.kind}/${row.name}`;
    for (const pod of picked) {
      const key = keyOfPod(pod);
      if (index.has(key)) continue;
      index.set(key, out.length);
      out.push(releasePod(key, workload, pod, podHealth(pod as Pod, now)));
      noteFlip(entry.flips, pod as Pod, now);
    }
  }
  return entry;
}

// The rows after a batch of pod events, redoing only the changed pods; undefined
// when a pod joined or left the release (the order must be rebuilt) or the clock
// crossed some pod's health window.
function patchReleasePods(hit: PodsEntry, pods: Map<string, KubeObject>, now: number): ReleasePod[] | undefined {
  if (!(hit.flips.before <= now && now < hit.flips.after)) return undefined;
  const keys = changedKeys(hit.pods, pods);
  if (!keys) return undefined;
  let out: ReleasePod[] | undefined;
  for (const k of keys) {
    const pod = pods.get(k);
    const i = hit.index.get(k);
    const owner = pod ? ownerOf(hit.workloads, pod) : undefined;
    if (i === undefined) {
      // A pod outside the release stays outside unless it now matches a workload.
      if (owner === undefined) continue;
      return undefined;
    }
    if (!pod || owner !== hit.value[i]!.workload) return undefined;
    out ??= hit.value.slice();
    out[i] = releasePod(k, owner, pod, podHealth(pod as Pod, now));
    noteFlip(hit.flips, pod as Pod, now);
  }
  hit.pods = pods;
  hit.now = now;
  if (out) hit.value = out;
  return hit.value;
}

// The first of the release's workloads that selects the pod, as computeReleasePods assigns it.
function ownerOf(workloads: ReleaseWorkloads, pod: KubeObject): string | undefined {
  const podNs = pod.metadata.namespace;
  for (const row of workloads.rows) {
    const obj = row.object as Workload | undefined;
    if (!obj) continue;
    const ns = obj.metadata?.namespace;
    if (ns && podNs && ns !== podNs) continue;
    if (matchesSelector(obj.spec?.selector, pod.metadata.labels)) return `${row.kind}/${row.name}`;
  }
  return undefined;
}

function queryKey(name: string, q: ReleaseQuery): string {
  return `${name}\0${q.namespace ?? ''}\0${q.revision ?? ''}`;
}

// Whole seconds: pod health ages in seconds (the 15 s Unschedulable grace), and
// a per-millisecond clock would defeat the cache.
function clock(q: ReleaseQuery): number {
  return q.now ?? Math.floor(Date.now() / 1000) * 1000;
}

// Which workload watches have listed, as a string: other resources syncing must not bust the cache.
function syncedMask(s: DeckState): string {
  return Object.values(RESOURCE_OF).map((r) => (s.connection.synced.has(r) ? '1' : '0')).join('');
}

// A workload's pods sorted by name, once per list. A pod event replaces a pod
// but keeps its name, so while the names read the same in the same order the
// (stable) sort is the same permutation and localeCompare need not run again.
const sortedLists = new WeakMap<Pod[], KubeObject[]>();
const orders = new Map<string, { names: string[]; order: number[] }>();
function byName(selector: string, list: Pod[]): KubeObject[] {
  const hit = sortedLists.get(list);
  if (hit) return hit;
  const pods = list as KubeObject[];
  const prev = orders.get(selector);
  let order = prev?.order;
  if (!prev || prev.names.length !== pods.length || pods.some((p, i) => p.metadata.name !== prev.names[i])) {
    order = pods.map((_, i) => i).sort((a, b) => pods[a]!.metadata.name.localeCompare(pods[b]!.metadata.name));
    orders.delete(selector);
    orders.set(selector, { names: pods.map((p) => p.metadata.name), order });
    if (orders.size > 256) orders.delete(orders.keys().next().value as string);
  }
  const sorted = order!.map((i) => pods[i]!);
  sortedLists.set(list, sorted);
  return sorted;
}

const keyOfPod = memoByRef((pod: KubeObject) => objectKey(pod));

// The same row object while its pod, workload and health are the same, so rows built from it can be reused.
const podRows = new WeakMap<KubeObject, ReleasePod>();
function releasePod(key: string, workload: string, pod: KubeObject, health: PodHealth): ReleasePod {
  const hit = podRows.get(pod);
  if (hit && hit.key === key && hit.workload === workload && hit.health === health) return hit;
  const row = { key, workload, pod, health };
  podRows.set(pod, row);
  return row;
}

const podList = memoByRef((m: Map<string, KubeObject>) => [...m.values()] as Pod[]);
const replicaSetList = memoByRef((m: Map<string, KubeObject>) => [...m.values()]);

// The manifest is parsed once per revision object (revisions are immutable once decoded).
const refsOf = memoByRef((rev: HelmRevision): { refs: Ref[]; error?: string } => {
  const ns = rev.namespace;
  const hooks = rev.hooks.filter((h) => RESOURCE_OF[h.kind]).map((h) => ({ kind: h.kind, name: h.name, namespace: ns, hook: true }));
  try {
    const refs = parseManifest(rev.manifest)
      .filter((o) => RESOURCE_OF[o.kind])
      .map((o) => ({ kind: o.kind, name: o.name, namespace: o.namespace ?? ns, hook: false }));
    return { refs: [...refs, ...hooks] };
  } catch (e) {
    return { refs: hooks, error: `release ${rev.name} revision ${rev.revision}: ${(e as Error).message}` };
  }
});

function missing(ref: Ref, reason: 'NotFound' | 'NotListed', resource: string): WorkloadStatus {
  const message = reason === 'NotFound'
    ? `${ref.kind.toLowerCase()} "${ref.name}" is in the release but not in the cluster`
    : `waiting for the first list of ${resource}`;
  return {
    kind: ref.kind, name: ref.name, namespace: ref.namespace,
    status: 'unknown', desired: 0, updated: 0, ready: 0, available: 0, message, reason,
    blockers: [], failing: false,
  };
}
