// The release the cockpit watches, as every pane's selector takes it, and
// what the release panes' selectors depend on.
import type { DeckState } from '../../store/index.js';

/** Which release the panes show. */
export interface PaneQuery {
  release: string;
  /** '' when the release's namespace is not pinned. */
  namespace: string;
}

/** A list row: a stable key for the cursor and the text the `/` filter searches. */
export interface Item {
  key: string;
  search: string;
}

/** The namespace option of the release selectors ('' means any). */
export function nsOption(q: PaneQuery): string | undefined {
  return q.namespace === '' ? undefined : q.namespace;
}

let snapshot: { deps: readonly unknown[]; at: number } | undefined;

/**
 * "Now" for health judged from the store: fixed while `deps` keep their
 * identity, so the Pods and Rollout selectors (which share the deps) judge at
 * the same instant, hit each other's caches, and an idle screen never
 * recomputes because the wall clock moved.
 */
export function snapshotTime(deps: readonly unknown[]): number {
  if (snapshot && snapshot.deps.length === deps.length && snapshot.deps.every((d, i) => Object.is(d, deps[i]))) return snapshot.at;
  snapshot = { deps, at: Date.now() };
  return snapshot.at;
}

/** The store inputs of the release's workloads and pods: the Pods and Rollout panes recompute when one of these changes. */
export function releaseDeps(s: DeckState, q: PaneQuery): unknown[] {
  return [s.helm.releases.get(q.release), s.workloads, s.pods, s.connection.synced];
}
