// Pure selectors over DeckState for the panes and `helmdeck status`. Each
// returns the same object while its inputs keep their references, so
// useStore(store, selector) re-renders a pane only when its data changed.
// The release and lag selectors live in their own files and are re-exported.
import type { KubeObject } from '../kube/types.js';
import { hpaHealth, matchesSelector, pdbHealth, type HorizontalPodAutoscaler, type HpaHealth, type PdbHealth, type PodDisruptionBudget } from '../status/index.js';
import type { DeckState } from './deck-state.js';
import type { Workloads } from './kube-slice.js';
import { memoByRef } from './memo.js';

export { latestDeployed, releaseRevisions, selectHistory, selectRelease, type HistoryRow, type ReleaseSummary } from './release-selectors.js';
export { selectReleasePods, selectReleaseWorkloads, type ReleasePod, type ReleaseQuery, type ReleaseWorkload, type ReleaseWorkloads } from './release-workloads.js';
export { selectRevisionPods, type RevisionPod } from './revision-selectors.js';
export { selectLag, type LagBudget, type LagRow, type LagView } from './lag-selectors.js';

/** An HPA row with its store key. */
export interface HpaRow extends HpaHealth {
  key: string;
}

/** A PDB row with its store key and the replicas of the workloads it guards. */
export interface PdbRow extends PdbHealth {
  key: string;
  /** Desired replicas of the Deployments/StatefulSets whose pods the budget selects; undefined when none does. */
  replicas?: number;
}

/** Every HPA with its health, by key. */
export function selectHpas(state: DeckState): HpaRow[] {
  return hpaRows(state.hpas);
}

/** Every PDB with its health, judged against the replicas of the workloads it selects. */
export function selectPdbs(state: DeckState): PdbRow[] {
  return pdbRows(state.pdbs)(state.workloads);
}

/** The warnings, newest last (already a stable array). */
export function selectWarnings(state: DeckState): string[] {
  return state.warnings;
}

/** The status bar's connection line and watch health. */
export function selectConnection(state: DeckState): DeckState['connection'] {
  return state.connection;
}

const hpaRows = memoByRef((hpas: Map<string, KubeObject>): HpaRow[] =>
  sortedEntries(hpas).map(([key, obj]) => ({ key, ...hpaHealth(obj as HorizontalPodAutoscaler) })),
);

// Two levels of references: the PDB Map, then the workloads object.
const pdbRows = memoByRef((pdbs: Map<string, KubeObject>) =>
  memoByRef((workloads: Workloads): PdbRow[] =>
    sortedEntries(pdbs).map(([key, obj]) => {
      const replicas = guardedReplicas(obj, workloads);
      return { key, ...pdbHealth(obj as PodDisruptionBudget, replicas), ...(replicas !== undefined ? { replicas } : {}) };
    }),
  ),
);

// The budget counts the pods of every controller it selects; desired replicas say what it must allow for.
function guardedReplicas(pdb: KubeObject, workloads: Workloads): number | undefined {
  const ns = pdb.metadata.namespace;
  let total: number | undefined;
  for (const w of [...workloads.deployments.values(), ...workloads.statefulsets.values()]) {
    if (ns && w.metadata.namespace && w.metadata.namespace !== ns) continue;
    if (!matchesSelector(pdb.spec?.selector, w.spec?.template?.metadata?.labels)) continue;
    total = (total ?? 0) + (typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1);
  }
  return total;
}

function sortedEntries<V>(m: Map<string, V>): [string, V][] {
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
}
