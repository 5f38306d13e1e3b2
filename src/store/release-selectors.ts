// What the status bar, the Helm history pane and `helmdeck status` show of a
// release, straight from the decoded revisions. Results are cached per
// revision list, which the store replaces only when a revision changes, so
// a pane calling these every frame gets the same object back.
import type { HelmRevision, ReleaseStatus } from '../helm/release-types.js';
import type { DeckState } from './deck-state.js';
import { memoByKey } from './memo.js';

/** The release as the status bar names it: its latest revision. */
export interface ReleaseSummary {
  name: string;
  namespace: string;
  revision: number;
  status: ReleaseStatus;
  /** "name-version", as `helm list` prints CHART. */
  chart: string;
  chartVersion: string;
  appVersion: string;
  updated: string;
  description: string;
  /** The newest revision whose status is deployed, if any (differs from `revision` during an upgrade or after a failure). */
  deployedRevision?: number;
  /** An operation is in flight or was interrupted (pending-install/upgrade/rollback). */
  pending: boolean;
}

/** One row of `helm history`. */
export interface HistoryRow {
  revision: number;
  status: ReleaseStatus;
  chart: string;
  appVersion: string;
  updated: string;
  description: string;
}

/** The revisions of release `name` (in `namespace` when given), oldest first; the store's own array when unfiltered. */
export function releaseRevisions(state: DeckState, name: string, namespace?: string): HelmRevision[] {
  const all = state.helm.releases.get(name) ?? EMPTY;
  return namespace === undefined ? all : filterNamespace(all, namespace);
}

/** The release's latest revision, or undefined when the store has never seen it. */
export const selectRelease: (state: DeckState, name: string, namespace?: string) => ReleaseSummary | undefined = memoByKey(
  (_s, name, namespace) => `${name}\0${namespace ?? ''}`,
  (s, name) => [s.helm.releases.get(name)],
  (s, name, namespace) => {
    const revs = releaseRevisions(s, name, namespace);
    const latest = revs.at(-1);
    if (!latest) return undefined;
    const deployed = latestDeployed(revs);
    return {
      name: latest.name,
      namespace: latest.namespace,
      revision: latest.revision,
      status: latest.status,
      chart: chartText(latest),
      chartVersion: latest.chart.version,
      appVersion: latest.chart.appVersion,
      updated: latest.updated,
      description: latest.description,
      ...(deployed ? { deployedRevision: deployed.revision } : {}),
      pending: latest.status.startsWith('pending-'),
    };
  },
);

/** `helm history`, newest first. */
export const selectHistory: (state: DeckState, name: string, namespace?: string) => HistoryRow[] = memoByKey(
  (_s, name, namespace) => `${name}\0${namespace ?? ''}`,
  (s, name) => [s.helm.releases.get(name)],
  (s, name, namespace) =>
    releaseRevisions(s, name, namespace)
      .map((r) => ({
        revision: r.revision,
        status: r.status,
        chart: chartText(r),
        appVersion: r.chart.appVersion,
        updated: r.updated,
        description: r.description,
      }))
      .reverse(),
);

/** The newest deployed revision, which is what a rollback returns to and what the live objects should match. */
export function latestDeployed(revs: readonly HelmRevision[]): HelmRevision | undefined {
  for (let i = revs.length - 1; i >= 0; i--) if (revs[i]!.status === 'deployed') return revs[i];
  return undefined;
}

const EMPTY: HelmRevision[] = [];

function filterNamespace(revs: HelmRevision[], namespace: string): HelmRevision[] {
  return revs.every((r) => r.namespace === namespace) ? revs : revs.filter((r) => r.namespace === namespace);
}

function chartText(r: HelmRevision): string {
  return r.chart.version ? `${r.chart.name}-${r.chart.version}` : r.chart.name;
}
