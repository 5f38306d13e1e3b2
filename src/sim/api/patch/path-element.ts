// Path elements of server-side apply field sets, kept in their FieldsV1
// spelling ("f:spec", `k:{"name":"app"}`, `v:"x"`, "i:0") so sets can be
// stored and compared as strings. Ordering and printing follow
// sigs.k8s.io/structured-merge-diff, because kube serialises sets sorted and
// prints conflict paths like `.spec.template.spec.containers[name="app"].image`.

import { isObject, setOwn, type JsonObject } from './json-value.js';

/** A struct field or map key. */
export function fieldPE(name: string): string {
  return `f:${name}`;
}

/** An associative list item, by its key fields (serialised with sorted keys, as kube does). */
export function keyPE(fields: JsonObject): string {
  const sorted: JsonObject = {};
  for (const name of Object.keys(fields).sort(compareStrings)) setOwn(sorted, name, fields[name]);
  return `k:${JSON.stringify(sorted)}`;
}

/** A set item, by value. */
export function valuePE(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

/** Normalises a path element read from stored FieldsV1 (key order, spacing); undefined if malformed. */
export function canonicalPE(pe: string): string | undefined {
  const body = pe.slice(2);
  try {
    switch (pe.slice(0, 2)) {
      case 'f:':
        return pe;
      case 'k:': {
        const fields = JSON.parse(body) as unknown;
        return isObject(fields) ? keyPE(fields) : undefined;
      }
      case 'v:':
        return valuePE(JSON.parse(body));
      case 'i:':
        return /^\d+$/.test(body) ? pe : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

const TYPE_RANK: Record<string, number> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

/** Total order of path elements: fields, then keys, then values, then indices. */
export function comparePE(a: string, b: string): number {
  const ta = a.slice(0, 2);
  const tb = b.slice(0, 2);
  if (ta !== tb) return (TYPE_RANK[ta] ?? 9) - (TYPE_RANK[tb] ?? 9);
  const ba = a.slice(2);
  const bb = b.slice(2);
  switch (ta) {
    case 'f:':
      return compareStrings(ba, bb);
    case 'i:':
      return Number(ba) - Number(bb);
    case 'k:':
      return compareFieldLists(JSON.parse(ba) as JsonObject, JSON.parse(bb) as JsonObject);
    default:
      return compareValues(JSON.parse(ba), JSON.parse(bb));
  }
}

/** Renders a path the way kube prints it in apply conflicts. */
export function pathToString(path: readonly string[]): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      switch (pe.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const fields = JSON.parse(body) as JsonObject;
          return `[${Object.entries(fields).map(([k, v]) => `${k}=${valueToString(v)}`).join(',')}]`;
        }
        case 'v:':
          return `[=${valueToString(JSON.parse(body))}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

function valueToString(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v));
}

// Byte-wise like Go's strings.Compare for the ASCII names kube uses.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFieldLists(a: JsonObject, b: JsonObject): number {
  const ka = Object.keys(a).sort(compareStrings);
  const kb = Object.keys(b).sort(compareStrings);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const na = ka[i];
    const nb = kb[i];
    if (na === undefined) return -1;
    if (nb === undefined) return 1;
    const c = compareStrings(na, nb) || compareValues(a[na], b[nb]);
    if (c !== 0) return c;
  }
  return 0;
}

// structured-merge-diff's value.Compare: numbers < strings < bools < lists < maps < null.
function rank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isObject(a) && isObject(b)) return compareFieldLists(a, b);
  return 0;
}
