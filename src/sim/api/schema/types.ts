// The notation of kube-types.ts: the Go structs behind the kinds kubesim
// serves, as their struct tags describe them, and how to find the struct of a
// kind. The protobuf decoder, the body type checks and OpenAPI read it.
import { structs } from './kube-types.js';

/** A leaf with its own JSON form (written by hand in kubesim), a Go basic type, or `#pkg.Struct`. */
export type Leaf =
  | 'string' | 'bool' | 'int32' | 'int64' | 'float64' | 'bytes'
  | 'Time' | 'MicroTime' | 'Duration' | 'IntOrString' | 'Quantity' | 'RawExtension' | 'FieldsV1'
  | `#${string}`;
export type TypeRef = Leaf | ['[]', TypeRef] | ['map', TypeRef];

/** How clients merge a list or map field: strategic-merge tags and server-side apply's list markers. */
export interface MergeInfo {
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: string;
  listMapKeys?: string[];
}

/**
 * [jsonName, protobuf field number (0: none), type, flags, Go's spelling of the type, merge info].
 * Flags: p = pointer, o = omitempty/omitzero, i = inline (embedded; its fields are the parent's in JSON).
 */
export type FieldDef = [string, number, TypeRef, string, string, MergeInfo?];

export interface StructDef {
  go: string;
  fields: FieldDef[];
}

/** The struct a `#pkg.Name` reference names; throws on a reference the generator did not emit. */
export function structOf(ref: string): StructDef {
  const s = structs[ref.startsWith('#') ? ref.slice(1) : ref];
  if (!s) throw new Error(`kubesim has no schema for ${ref}`);
  return s;
}

// API group → Go package directory in k8s.io/api ("" is core).
const packageOfGroup: Record<string, string> = {
  '': 'core',
  apps: 'apps',
  batch: 'batch',
  autoscaling: 'autoscaling',
  policy: 'policy',
  'networking.k8s.io': 'networking',
  'rbac.authorization.k8s.io': 'rbac',
  'discovery.k8s.io': 'discovery',
  'coordination.k8s.io': 'coordination',
  'authorization.k8s.io': 'authorization',
  'authentication.k8s.io': 'authentication',
  'meta.k8s.io': 'meta',
};

/** The struct key ("apps/v1.Deployment") of apiVersion + kind, or undefined when kubesim has no schema for it. */
export function structKey(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const pkg = packageOfGroup[group];
  if (!pkg) return undefined;
  const key = `${pkg}/${version}.${kind}`;
  return structs[key] ? key : undefined;
}

/** Whether a field is embedded (its JSON fields are its parent's). */
export const isInline = (f: FieldDef) => f[3].includes('i');
export const isPointer = (f: FieldDef) => f[3].includes('p');
export const isOmitEmpty = (f: FieldDef) => f[3].includes('o');

/** The JSON fields of a struct, embedded structs flattened, each with the Go struct it is a field of. */
export function jsonFields(s: StructDef): Map<string, FieldDef> {
  let cached = flat.get(s);
  if (cached) return cached;
  cached = new Map();
  for (const f of s.fields) {
    if (isInline(f)) {
      for (const [k, v] of jsonFields(structOf(f[2] as string))) cached.set(k, v);
    } else cached.set(f[0], f);
  }
  flat.set(s, cached);
  return cached;
}
const flat = new WeakMap<StructDef, Map<string, FieldDef>>();
