// What the informers keep of each object: managedFields and kubectl's
// last-applied annotation are often most of an object's size and nothing
// helmdeck shows (the RSS budget of 400 MB at 10k pods depends on this).
import type { KubeObject } from './types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Drops metadata.managedFields and the last-applied annotation; mutates and returns `obj` (fresh from the wire, owned by us). */
export function defaultTrim(obj: KubeObject): KubeObject {
  const md = obj.metadata;
  if (!md) return obj;
  delete md.managedFields;
  if (md.annotations && LAST_APPLIED in md.annotations) {
    delete md.annotations[LAST_APPLIED];
    if (Object.keys(md.annotations).length === 0) delete md.annotations;
  }
  return obj;
}
