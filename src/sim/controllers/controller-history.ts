// ControllerRevisions as StatefulSets and DaemonSets keep them (upstream's
// controller/history package): each records a pod template as a "replace"
// patch, is named "<owner>-<hash>" and numbered by `revision`.
import { ApiError } from '../api/errors.js';
import { RT } from '../api/resources.js';
import type { SimContext } from '../context.js';
import { clone, deepEqual } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { controllerRefOf, controllerRefTo } from './pods.js';
import { computeHash } from './template-hash.js';

/** The data a revision stores for a template: {"spec":{"template":{…,"$patch":"replace"}}}. */
export function revisionData(template: unknown): any {
  return { spec: { template: { ...clone(template as object), $patch: 'replace' } } };
}

/** The pod template a revision records (ApplyRevision). */
export function templateOf(rev: KObject): any {
  const { $patch: _p, ...template } = rev.data?.spec?.template ?? {};
  return template;
}

/** The owner's revisions, oldest revision number first (SortControllerRevisions). */
export function ownedRevisions(ctx: SimContext, owner: KObject): KObject[] {
  return ctx.store
    .list(RT.controllerrevisions, owner.metadata.namespace)
    .filter((r) => controllerRefOf(r)?.uid === owner.metadata.uid)
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** CreateControllerRevision: creates "<owner>-<hash>", re-hashing with a bumped collision count on a clash; `hashLabel` adds controller-revision-hash (DaemonSets). */
export function createRevision(ctx: SimContext, owner: KObject, data: any, revision: number, collision: { count: number }, hashLabel = false): KObject {
  for (;;) {
    const hash = computeHash(data, collision.count);
    const labels: Record<string, string> = hashLabel ? { 'controller-revision-hash': hash } : {};
    const rev: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${owner.metadata.name!.slice(0, 223)}-${hash}`,
        namespace: owner.metadata.namespace,
        labels: { ...(owner.spec?.template?.metadata?.labels ?? {}), ...labels },
        ownerReferences: [controllerRefTo(owner)],
      },
      data,
      revision,
    };
    try {
      return ctx.store.create(RT.controllerrevisions, rev);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err;
      const existing = ctx.store.get(RT.controllerrevisions, owner.metadata.namespace, rev.metadata.name!);
      if (existing && deepEqual(existing.data, data)) return existing;
      collision.count++;
    }
  }
}

/** UpdateControllerRevision: renumbers an old revision that became current again (a rollback). */
export function renumberRevision(ctx: SimContext, rev: KObject, revision: number): KObject {
  if (rev.revision === revision) return rev;
  const next = clone(rev);
  next.revision = revision;
  return ctx.store.update(RT.controllerrevisions, next);
}

/** Deletes the oldest revisions beyond `limit` that are not in `live`. */
export function truncateHistory(ctx: SimContext, revisions: KObject[], live: Set<string>, limit: number): void {
  const history = revisions.filter((r) => !live.has(r.metadata.name!));
  for (const r of history.slice(0, Math.max(0, history.length - limit))) {
    try {
      ctx.store.delete(RT.controllerrevisions, r.metadata.namespace, r.metadata.name!);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
}
