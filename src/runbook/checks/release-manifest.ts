// Which objects belong to the release, from the manifest helm recorded for
// it (the source of truth for "what helm deployed"), so the HPA and PDB
// checks judge the release's own autoscalers and budgets, not a neighbour's.
import { parseManifest, type ManifestObject } from '../../helm/manifest.js';
import { firstUnreadable, latestDeployed, releaseRevisions, selectReleaseWorkloads, unreadable, type DeckState, type WatchResource } from '../../store/index.js';

/** The release's manifest objects (deployed revision, else the latest), or why they cannot be read. */
export function releaseObjects(s: DeckState, release: string, namespace: string): { objects: ManifestObject[]; revision?: number; error?: string } {
  const revs = releaseRevisions(s, release, namespace);
  const rev = latestDeployed(revs) ?? revs.at(-1);
  if (!rev) return { objects: [], error: `release "${release}" not found in namespace "${namespace}"` };
  try {
    return { objects: parseManifest(rev.manifest), revision: rev.revision };
  } catch (e) {
    return { objects: [], revision: rev.revision, error: `release ${release} revision ${rev.revision}: ${(e as Error).message}` };
  }
}

/** Names of the release's objects of `kind` (in its namespace). */
export function namesOfKind(objects: readonly ManifestObject[], kind: string, namespace: string): Set<string> {
  return new Set(objects.filter((o) => o.kind === kind && (o.namespace ?? namespace) === namespace).map((o) => o.name));
}

/**
 * Why a check about the release cannot judge it from the store: the release
 * records, one of `resources`, or a kind of the release's own workloads
 * cannot be read (forbidden, not listed; `workloads: false` when the check
 * does not read them). An empty list read from such a
 * resource means "unknown", never "none".
 */
export function cannotRead(s: DeckState, release: string, namespace: string, resources: readonly WatchResource[], workloads = true): string | undefined {
  const first = firstUnreadable(s, resources);
  if (first) return first;
  if (releaseRevisions(s, release, namespace).length === 0) {
    // Only the storages being watched say anything (a store fed with Secrets alone knows nothing of ConfigMaps).
    const watched = (['helm-secrets', 'helm-configmaps'] as const).filter((r) => s.connection.watches.has(r) || s.connection.synced.has(r));
    const storage = watched.length === 0 ? unreadable(s, 'helm-secrets') : watched.map((r) => unreadable(s, r)).find((w) => w !== undefined);
    if (storage) return `${storage}: release "${release}" cannot be looked up`;
    return undefined;
  }
  if (!workloads) return undefined;
  for (const row of selectReleaseWorkloads(s, release, { namespace }).rows) {
    if (row.hook) continue;
    const why = unreadable(s, row.resource);
    if (why) return `${why}: ${row.kind}/${row.name} of the release cannot be judged`;
  }
  return undefined;
}
