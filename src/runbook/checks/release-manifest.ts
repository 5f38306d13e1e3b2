// Which objects belong to the release, from the manifest helm recorded for
// it (the source of truth for "what helm deployed"), so the HPA and PDB
// checks judge the release's own autoscalers and budgets, not a neighbour's.
import { parseManifest, type ManifestObject } from '../../helm/manifest.js';
import { latestDeployed, releaseRevisions, type DeckState } from '../../store/index.js';

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
