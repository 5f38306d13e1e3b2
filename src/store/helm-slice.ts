// Helm release history, followed live through helm's own storage objects
// (Secrets, or ConfigMaps with the configmaps driver). Only the decoded
// revision is kept, never the Secret: its payload is the whole chart, and
// secrets' values must not linger in memory for a pane to print by accident.
// A Secret that does not decode becomes a warning; the watch goes on.
import type { StateCreator } from 'zustand/vanilla';
import { decodeReleaseConfigMap, decodeReleaseSecret, HELM_RELEASE_SECRET_TYPE } from '../helm/release-decode.js';
import type { HelmRevision } from '../helm/release-types.js';
import type { KubeObject } from '../kube/types.js';
import { patchOrSame, type DeckState } from './deck-state.js';
import type { KeyedChange } from './kube-slice.js';
import { objectKey } from './object-key.js';
import { pushWarnings } from './warnings-slice.js';

/** Which storage object a revision came from, so a delete needs no decoding. */
export interface StoredRevision {
  release: string;
  namespace: string;
  revision: number;
  resourceVersion?: string;
}

/** Helm's storage kinds. */
export type ReleaseStorageKind = 'Secret' | 'ConfigMap';

/** The helm slice. */
export interface HelmSlice {
  helm: {
    /** Release name → its revisions, oldest first. */
    releases: Map<string, HelmRevision[]>;
    /** "Secret:ns/name" → the revision it holds. */
    storage: Map<string, StoredRevision>;
  };
  /** Decodes a release Secret/ConfigMap into the history; decode errors become warnings. */
  upsertReleaseObject(obj: KubeObject): void;
  /** Drops the revision a deleted release Secret/ConfigMap held. */
  removeReleaseObject(obj: KubeObject): void;
}

/** The helm slice with its actions. */
export const createHelmSlice: StateCreator<DeckState, [], [], HelmSlice> = (set) => ({
  helm: { releases: new Map(), storage: new Map() },
  upsertReleaseObject: (obj) => set((s) => patchOrSame(s, reduceReleaseChanges(s, storageKind(obj), [{ op: 'upsert', key: objectKey(obj), obj }]))),
  removeReleaseObject: (obj) => set((s) => patchOrSame(s, reduceReleaseChanges(s, storageKind(obj), [{ op: 'remove', key: objectKey(obj), obj }]))),
});

/** Applies storage-object changes to the release histories; returns only what changed. */
export function reduceReleaseChanges(s: DeckState, kind: ReleaseStorageKind, changes: Iterable<KeyedChange>): Partial<DeckState> {
  let releases: Map<string, HelmRevision[]> | undefined;
  let storage: Map<string, StoredRevision> | undefined;
  const warnings: string[] = [];
  for (const c of changes) {
    if (!isReleaseStorage(c.obj, kind)) continue;
    const skey = `${kind}:${c.key}`;
    const prev = (storage ?? s.helm.storage).get(skey);
    const rv = c.obj.metadata.resourceVersion;
    if (c.op === 'upsert' && prev && rv !== undefined && prev.resourceVersion === rv) continue;
    let rev: HelmRevision | undefined;
    if (c.op === 'upsert') {
      try {
        rev = kind === 'Secret' ? decodeReleaseSecret(c.obj) : decodeReleaseConfigMap(c.obj);
      } catch (e) {
        // Keep what the object held before: a corrupt rewrite should not erase history.
        warnings.push(`helm: ${(e as Error).message}`);
        continue;
      }
    }
    releases ??= new Map(s.helm.releases);
    storage ??= new Map(s.helm.storage);
    if (prev) dropRevision(releases, prev);
    if (rev) {
      addRevision(releases, rev);
      storage.set(skey, { release: rev.name, namespace: rev.namespace, revision: rev.revision, ...(rv !== undefined ? { resourceVersion: rv } : {}) });
    } else {
      storage.delete(skey);
    }
  }
  const out: Partial<DeckState> = {};
  if (releases && storage) out.helm = { releases, storage };
  if (warnings.length > 0) out.warnings = pushWarnings(s.warnings, warnings, s.limits.warnings);
  return out;
}

// Helm's own markers: the Secret type, or the owner label the configmaps driver sets.
function isReleaseStorage(obj: KubeObject, kind: ReleaseStorageKind): boolean {
  const owner = obj.metadata.labels?.owner;
  if (kind === 'Secret') return obj.type === HELM_RELEASE_SECRET_TYPE || (obj.type === undefined && owner === 'helm');
  return owner === 'helm';
}

function storageKind(obj: KubeObject): ReleaseStorageKind {
  return obj.kind === 'ConfigMap' || (obj.kind === undefined && obj.type === undefined) ? 'ConfigMap' : 'Secret';
}

// Revisions are identified by namespace and number: one release name may live in several namespaces.
function dropRevision(releases: Map<string, HelmRevision[]>, at: StoredRevision): void {
  const list = releases.get(at.release);
  if (!list) return;
  const next = list.filter((r) => !(r.revision === at.revision && r.namespace === at.namespace));
  if (next.length === 0) releases.delete(at.release);
  else releases.set(at.release, next);
}

function addRevision(releases: Map<string, HelmRevision[]>, rev: HelmRevision): void {
  const list = (releases.get(rev.name) ?? []).filter((r) => !(r.revision === rev.revision && r.namespace === rev.namespace));
  list.push(rev);
  list.sort((a, b) => a.revision - b.revision || a.namespace.localeCompare(b.namespace));
  releases.set(rev.name, list);
}
