// OpenAPI v3 component schemas for the structs in kube-types.ts, named and
// shaped as the API server publishes them: `kubectl explain` walks them,
// and `kubectl apply` reads the x-kubernetes-patch-* extensions to build
// its strategic merge patches.
import { structs } from './kube-types.js';
import { isOmitEmpty, isPointer, jsonFields, type FieldDef, type TypeRef } from './types.js';

type Schema = Record<string, unknown>;

// The Go package of a struct key, as the OpenAPI definition name spells it.
function definitionName(ref: string): string {
  const key = ref.startsWith('#') ? ref.slice(1) : ref;
  const dot = key.lastIndexOf('.');
  const pkg = key.slice(0, dot);
  const prefix = pkg === 'meta/v1' ? 'io.k8s.apimachinery.pkg.apis.meta.v1' : `io.k8s.api.${pkg.replace('/', '.')}`;
  return `${prefix}.${key.slice(dot + 1)}`;
}

// Leaves with their own definitions upstream; v3 gives IntOrString and Quantity their one-of types.
const leafDefinitions: Record<string, [string, Schema]> = {
  IntOrString: ['io.k8s.apimachinery.pkg.util.intstr.IntOrString', { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }],
  Quantity: ['io.k8s.apimachinery.pkg.api.resource.Quantity', { oneOf: [{ type: 'string' }, { type: 'number' }] }],
  Time: ['io.k8s.apimachinery.pkg.apis.meta.v1.Time', { type: 'string', format: 'date-time' }],
  MicroTime: ['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', { type: 'string', format: 'date-time' }],
  RawExtension: ['io.k8s.apimachinery.pkg.runtime.RawExtension', { type: 'object' }],
  FieldsV1: ['io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1', { type: 'object' }],
};

const primitives: Record<string, Schema> = {
  string: { type: 'string' },
  bool: { type: 'boolean' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  float64: { type: 'number', format: 'double' },
  bytes: { type: 'string', format: 'byte' },
  Duration: { type: 'string' },
};

const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });

function typeSchema(type: TypeRef, used: Set<string>, valueField: boolean): Schema {
  if (Array.isArray(type)) {
    const inner = typeSchema(type[1], used, true);
    return type[0] === '[]' ? { type: 'array', items: inner } : { type: 'object', additionalProperties: inner };
  }
  const primitive = primitives[type];
  if (primitive) return valueField && type === 'string' ? { ...primitive, default: '' } : { ...primitive };
  const leaf = leafDefinitions[type];
  if (leaf) {
    used.add(type);
    return ref(leaf[0]);
  }
  used.add(type);
  return { ...ref(definitionName(type)), ...(valueField ? { default: {} } : {}) };
}

function fieldSchema(f: FieldDef, used: Set<string>): Schema {
  const [, , type, , , merge] = f;
  const struct = typeof type === 'string' && type.startsWith('#');
  const schema = typeSchema(type, used, !isPointer(f) && struct);
  if (merge?.patchStrategy) schema['x-kubernetes-patch-strategy'] = merge.patchStrategy;
  if (merge?.patchMergeKey) schema['x-kubernetes-patch-merge-key'] = merge.patchMergeKey;
  if (merge?.listType) schema['x-kubernetes-list-type'] = merge.listType;
  if (merge?.listMapKeys) schema['x-kubernetes-list-map-keys'] = merge.listMapKeys;
  return schema;
}

/** The schema of one struct, and the struct keys and leaves it refers to. */
function structSchema(key: string, used: Set<string>, gvk?: { group: string; version: string; kind: string }): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, f] of jsonFields(structs[key]!)) {
    properties[name] = fieldSchema(f, used);
    if (!isOmitEmpty(f)) required.push(name);
  }
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    ...(gvk ? { 'x-kubernetes-group-version-kind': [gvk] } : {}),
  };
}

/** components.schemas for the given kinds (struct key → GVK) and everything they reach. */
export function componentSchemas(kinds: Map<string, { group: string; version: string; kind: string }>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const queue = [...kinds.keys()];
  const seen = new Set(queue);
  while (queue.length) {
    const key = queue.shift()!;
    const used = new Set<string>();
    out[definitionName(key)] = structSchema(key, used, kinds.get(key));
    for (const u of used) {
      const leaf = leafDefinitions[u];
      if (leaf) out[leaf[0]] = leaf[1];
      else if (!seen.has(u.slice(1))) {
        seen.add(u.slice(1));
        queue.push(u.slice(1));
      }
    }
  }
  return out;
}

/** The definition name a struct key is published under ("apps/v1.Deployment" → "io.k8s.api.apps.v1.Deployment"). */
export { definitionName };
