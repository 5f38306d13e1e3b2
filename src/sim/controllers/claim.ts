// ControllerRefManager.ClaimObject: a controller owns what points at it and
// matches its selector, adopts matching orphans and releases the misfits, so
// `kubectl delete --cascade=orphan` and relabelling behave as upstream.
import { ApiError } from '../api/errors.js';
import type { SimContext } from '../context.js';
import { clone } from '../store/deep.js';
import { matcherFromLabelSelector, type LabelMatcher } from '../store/selectors.js';
import type { KObject, ResourceType } from '../store/types.js';
import { controllerRefOf, controllerRefTo } from './pods.js';

/** A spec.selector as a predicate; a missing or invalid selector matches nothing. */
export function selectorMatcher(selector: unknown): LabelMatcher {
  try {
    return matcherFromLabelSelector(selector as Parameters<typeof matcherFromLabelSelector>[0]);
  } catch {
    return () => false;
  }
}

function tolerant(write: () => KObject): KObject | undefined {
  try {
    return write();
  } catch (err) {
    // Gone or changed meanwhile: the next event brings it back to us.
    if (err instanceof ApiError && (err.code === 404 || err.code === 409)) return undefined;
    throw err;
  }
}

/** The objects `owner` controls among `candidates` (same namespace), after adopting and releasing. */
export function claimObjects(ctx: SimContext, owner: KObject, rt: ResourceType, candidates: KObject[], member: (o: KObject) => boolean = () => true): KObject[] {
  const selector = selectorMatcher(owner.spec?.selector);
  const matches = (o: KObject) => selector(o.metadata.labels) && member(o);
  const deleting = Boolean(owner.metadata.deletionTimestamp);
  const out: KObject[] = [];
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches(obj)) out.push(obj);
      else if (!deleting) {
        const next = clone(obj);
        next.metadata.ownerReferences = obj.metadata.ownerReferences!.filter((o) => o.uid !== owner.metadata.uid);
        if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
        tolerant(() => ctx.store.update(rt, next));
      }
      continue;
    }
    if (deleting || obj.metadata.deletionTimestamp || !matches(obj)) continue;
    const next = clone(obj);
    next.metadata.ownerReferences = [...(obj.metadata.ownerReferences ?? []), controllerRefTo(owner)];
    const adopted = tolerant(() => ctx.store.update(rt, next));
    if (adopted) out.push(adopted);
  }
  return out;
}
