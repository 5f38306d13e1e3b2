// Shapes shared by every part of kubesim. Objects are plain JSON as the
// Kubernetes API serves them; kubesim never uses typed client models.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: any;
}

/** One kind of object the simulated API serves. */
export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name as it appears in URLs ("deployments"). */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources served besides the main one ("status", "scale", "log"). */
  subresources: string[];
  /** Whether `status` is a separate subresource (main writes keep status). */
  hasStatus: boolean;
  /** Unique key: "group/resource", e.g. "apps/deployments", "/pods". */
  key: string;
  /** The verbs served when not all of them: reviews are create-only and never stored. */
  verbs?: string[];
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A change committed to the store, in resourceVersion order. */
export interface StoreEvent {
  type: StoreEventType;
  rt: ResourceType;
  object: KObject;
  /** The object before the change (MODIFIED and DELETED). */
  old?: KObject;
  rv: number;
}

export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}
