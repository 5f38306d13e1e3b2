// What server-side apply says of an applied configuration that does not fit
// the kind's schema. The API server converts it to a typed value with
// structured-merge-diff first, so the wording is that library's, paths
// name list items by their keys (`.containers[name="web"].env[name="PORT"]`),
// and the answer is a 500 — which helm v4, applying every manifest, prints.
import { ApiError } from '../errors.js';
import { jsonFields, structOf, type FieldDef, type StructDef, type TypeRef } from './types.js';

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// Go's %T of the value structured-merge-diff holds.
const goTypeName = (v: unknown) => (typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? '[]interface {}' : isMap(v) ? 'map[string]interface {}' : typeof v === 'number' ? (Number.isInteger(v) ? 'int64' : 'float64') : 'nil');
// Its %#v of an unstructured scalar.
const unstructured = (v: unknown) => `&value.valueUnstructured{Value:${typeof v === 'string' ? JSON.stringify(v) : String(v)}}`;

// Key fields the schema defaults, as the ports lists' protocol.
const keyDefaults: Record<string, string> = { protocol: 'TCP' };

// A list item's path element: by its map keys, its value in a set, or its index.
function itemElement(item: unknown, index: number, def: FieldDef | undefined): string {
  const info = def?.[5];
  if (info?.listType === 'map' && info.listMapKeys && isMap(item)) {
    const keys = info.listMapKeys.map((k) => [k, item[k] ?? keyDefaults[k]] as const).filter(([, v]) => v !== undefined);
    return `[${keys.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
  }
  if (info?.listType === 'set') return `[=${JSON.stringify(item)}]`;
  return `[${index}]`;
}

function checkValue(v: unknown, type: TypeRef, def: FieldDef | undefined, path: string, errs: string[]): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(type)) {
    if (type[0] === '[]') {
      if (!Array.isArray(v)) return void errs.push(`${path}: expected list, got ${unstructured(v)}`);
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const element = itemElement(item, i, def);
        if (def?.[5]?.listType === 'map' && element !== `[${i}]`) {
          if (seen.has(element)) errs.push(`${path}: duplicate entries for key ${element}`);
          seen.add(element);
        }
        checkValue(item, type[1], undefined, `${path}${element}`, errs);
      });
      return;
    }
    if (!isMap(v)) return void errs.push(`${path}: expected map, got ${unstructured(v)}`);
    for (const [k, item] of Object.entries(v)) checkValue(item, type[1], undefined, `${path}.${k}`, errs);
    return;
  }
  switch (type) {
    case 'int32':
    case 'int64':
    case 'float64':
      if (typeof v !== 'number') errs.push(`${path}: expected numeric (int or float), got ${goTypeName(v)}`);
      return;
    case 'string':
    case 'bytes':
    case 'Time':
    case 'MicroTime':
    case 'Duration':
      if (typeof v !== 'string') errs.push(`${path}: expected string, got ${unstructured(v)}`);
      return;
    case 'bool':
      if (typeof v !== 'boolean') errs.push(`${path}: expected boolean, got &{${String(v)}}`);
      return;
    case 'IntOrString':
    case 'Quantity':
    case 'RawExtension':
    case 'FieldsV1':
      return; // untyped or deduced in the schema: any value fits
    default:
      if (!isMap(v)) return void errs.push(`${path}: expected map, got ${unstructured(v)}`);
      checkStruct(v, structOf(type), path, errs);
  }
}

function checkStruct(obj: Json, s: StructDef, path: string, errs: string[]): void {
  const known = jsonFields(s);
  for (const [k, v] of Object.entries(obj)) {
    const f = known.get(k);
    if (!f || !f[0]) errs.push(`${path}.${k}: field not declared in schema`);
    else checkValue(v, f[2], f, `${path}.${k}`, errs);
  }
}

/** Throws server-side apply's 500 when `applied` does not fit the struct `structKey` names. */
export function checkApplied(structKey: string, applied: Json, gvk: { group: string; version: string; kind: string }, ns: string | undefined, name: string): void {
  const errs: string[] = [];
  checkStruct(applied, structOf(structKey), '', errs);
  if (!errs.length) return;
  const detail = errs.length === 1 ? errs[0] : `errors:\n  ${errs.join('\n  ')}`;
  throw new ApiError(500, 'InternalError', `failed to create typed patch object (${ns ?? ''}/${name}; ${gvk.group}/${gvk.version}, Kind=${gvk.kind}): ${detail}`);
}
