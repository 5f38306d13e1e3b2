// The value half of server-side apply: merging an applied configuration into
// the live object (granular maps merged, associative lists merged by key,
// atomic values replaced) and removing pruned fields afterwards. List order
// follows structured-merge-diff: applied order for applied items, with live-only
// items kept near their live neighbours.

import { deepClone, hasOwn, isObject, setOwn, type JsonObject } from './json-value.js';
import type { FieldSet } from './field-set.js';
import type { ListRule, TypeInfo } from './merge-keys.js';
import { fieldPE } from './path-element.js';
import { indexItems, itemIsLeaf, shapeOf } from './list-items.js';

/** Merges an applied configuration into the live object; neither input is mutated. */
export function mergeApplied(live: JsonObject, config: JsonObject, type: TypeInfo): JsonObject {
  return mergeMaps(live, config, [], type);
}

function mergeMaps(l: JsonObject | undefined, r: JsonObject, names: string[], type: TypeInfo): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(l ?? {})) {
    const merged = hasOwn(r, k) ? mergeValue(v, r[k], [...names, k], type) : deepClone(v);
    if (merged !== undefined) setOwn(out, k, merged);
  }
  for (const [k, v] of Object.entries(r)) {
    if (l && hasOwn(l, k)) continue;
    const merged = mergeValue(undefined, v, [...names, k], type);
    if (merged !== undefined) setOwn(out, k, merged);
  }
  return out;
}

// Returns undefined when the field should be absent from the result.
function mergeValue(l: unknown, r: unknown, names: string[], type: TypeInfo): unknown {
  const live = l === null ? undefined : l;
  if (r === null) {
    // null removes a leaf; a granular map or list merged with nothing keeps its content.
    if (live === undefined || shapeOf(type, names, live).kind === 'leaf' || isEmpty(live)) return undefined;
    return deepClone(live);
  }
  const shape = shapeOf(type, names, r);
  const sameShape = live !== undefined && shapeOf(type, names, live).kind === shape.kind;
  if (shape.kind === 'map') return mergeMaps(sameShape ? (live as JsonObject) : undefined, r as JsonObject, names, type);
  if (shape.kind === 'list') return mergeLists(sameShape ? (live as unknown[]) : [], r as unknown[], shape.rule, names, type);
  return deepClone(r);
}

function mergeLists(l: unknown[], r: unknown[], rule: ListRule, names: string[], type: TypeInfo): unknown[] {
  const lhs = indexItems(rule, l, [], false);
  const rhs = indexItems(rule, r, [], false).filter((i) => i.keyed);
  const lMap = new Map(lhs.filter((i) => i.keyed).map((i) => [i.pe, i.item]));
  const rMap = new Map(rhs.map((i) => [i.pe, i.item]));
  const shared = rhs.filter((i) => lMap.has(i.pe)).map((i) => i.pe);
  let sharedAt = 0;
  const done = new Set<string>();
  const out: unknown[] = [];
  const take = (pe: string): void => {
    done.add(pe);
    const li = lMap.get(pe);
    const ri = rMap.get(pe);
    if (itemIsLeaf(rule, ri) || !isObject(li)) out.push(mergeValue(undefined, ri, names, type));
    else out.push(mergeMaps(li, ri as JsonObject, names, type));
    if (shared[sharedAt] === pe) sharedAt++;
  };
  let lI = 0;
  let rI = 0;
  while (lI < lhs.length || rI < rhs.length) {
    const left = lhs[lI];
    const right = rhs[rI];
    if (left && right) {
      if (left.pe === right.pe) {
        take(left.pe);
        lI++;
        rI++;
        continue;
      }
      // A shared item, but not the next one the applied order wants: skip it for now.
      const next = shared[sharedAt];
      if (rMap.has(left.pe) && next !== undefined && next !== left.pe) {
        lI++;
        continue;
      }
    }
    if (left) {
      if (!rMap.has(left.pe)) {
        out.push(deepClone(left.item));
        lI++;
        continue;
      }
      if (done.has(left.pe)) {
        lI++;
        continue;
      }
    }
    if (right) {
      take(right.pe);
      rI++;
    }
  }
  return out;
}

/** Removes every path in `set` (whole subtrees); maps and lists emptied by it disappear. */
export function removeFields(obj: JsonObject, set: FieldSet, type: TypeInfo): JsonObject {
  return removeFromMap(obj, set, [], type);
}

function removeFromMap(obj: JsonObject, set: FieldSet, names: string[], type: TypeInfo): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    const pe = fieldPE(k);
    if (set.members.has(pe)) continue;
    const child = set.children.get(pe);
    const kept = child ? removeFromValue(v, child, [...names, k], type) : v;
    if (kept !== undefined) setOwn(out, k, kept);
  }
  return out;
}

function removeFromValue(v: unknown, set: FieldSet, names: string[], type: TypeInfo): unknown {
  const shape = shapeOf(type, names, v);
  if (shape.kind === 'map') {
    const out = removeFromMap(v as JsonObject, set, names, type);
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (shape.kind === 'list') {
    const kept: unknown[] = [];
    for (const { pe, item, keyed } of indexItems(shape.rule, v as unknown[], [], false)) {
      if (keyed && set.members.has(pe)) continue;
      const child = keyed ? set.children.get(pe) : undefined;
      kept.push(child && !itemIsLeaf(shape.rule, item) ? removeFromMap(item as JsonObject, child, names, type) : item);
    }
    return kept.length > 0 ? kept : undefined;
  }
  return v;
}

function isEmpty(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}
