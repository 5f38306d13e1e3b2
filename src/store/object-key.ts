// How the store names and slims the objects it keeps. One key format for
// every Map ("ns/name") so selectors can join objects across slices, and
// one trim so memory stays inside the RSS budget however the informer
// delivered the object.
import type { KubeObject } from '../kube/types.js';

/** The store's key for an object: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(obj: { metadata?: { name?: string; namespace?: string } }): string {
  const name = obj.metadata?.name ?? '';
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** The key built from parts, for lookups from a manifest reference. */
export function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The object as the store keeps it: without managedFields (often half of an
 * object's size and never shown) and with `kind` set, because list responses
 * omit it on items and the status rules pick their logic by kind.
 */
export function trimObject(obj: KubeObject, kind: string): KubeObject {
  const hasManaged = obj.metadata.managedFields !== undefined;
  if (!hasManaged && obj.kind === kind) return obj;
  const metadata = hasManaged ? withoutManagedFields(obj.metadata) : obj.metadata;
  return { ...obj, kind: obj.kind ?? kind, metadata };
}

function withoutManagedFields(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const { managedFields: _dropped, ...rest } = meta;
  return rest as KubeObject['metadata'];
}
