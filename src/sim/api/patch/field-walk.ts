// Field sets of whole objects: what an applied configuration sets (its
// ownership claim) and what changed between two versions (who loses or gains
// fields). Mirrors structured-merge-diff's ToFieldSet and Compare.

import { deepEqual, isObject, type JsonObject } from './json-value.js';
import { FieldSet } from './field-set.js';
import { alwaysPresent, type TypeInfo } from './merge-keys.js';
import { fieldPE } from './path-element.js';
import { indexItems, itemIsLeaf, shapeOf, type IndexedItem } from './list-items.js';

/** Every leaf and list item an applied configuration sets; rejects unkeyed or duplicate items. */
export function toFieldSet(config: JsonObject, type: TypeInfo): FieldSet {
  const set = new FieldSet();
  walkMap(config, [], [], set, type);
  return set;
}

function walkMap(obj: JsonObject, names: string[], pes: string[], set: FieldSet, type: TypeInfo): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const path = [...pes, fieldPE(key)];
    // An explicit null or empty struct (`emptyDir: {}`) is owned as a leaf, so
    // dropping it later prunes it (structured-merge-diff since PR #184).
    if (value === null || (isObject(value) && Object.keys(value).length === 0)) set.insert(path);
    else walkValue(value, [...names, key], path, set, type);
  }
}

function walkValue(value: unknown, names: string[], pes: string[], set: FieldSet, type: TypeInfo): void {
  const shape = shapeOf(type, names, value);
  if (shape.kind === 'leaf') {
    set.insert(pes);
  } else if (shape.kind === 'map') {
    walkMap(value as JsonObject, names, pes, set, type);
  } else {
    for (const { pe, item } of indexItems(shape.rule, value as unknown[], pes, true)) {
      set.insert([...pes, pe]);
      if (!itemIsLeaf(shape.rule, item)) walkMap(item as JsonObject, names, [...pes, pe], set, type);
    }
  }
}

/** Paths that appear, change or vanish between two versions of an object. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from lhs to rhs, as field sets (containers that appear or vanish count too). */
export function compareObjects(lhs: JsonObject, rhs: JsonObject, type: TypeInfo): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareMaps(lhs, rhs, [], [], c, type);
  return c;
}

function compareMaps(l: JsonObject | undefined, r: JsonObject | undefined, names: string[], pes: string[], c: Comparison, type: TypeInfo): void {
  const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
  for (const key of keys) {
    compareValues(present(l?.[key]), present(r?.[key]), [...names, key], [...pes, fieldPE(key)], c, type);
  }
}

function compareValues(lIn: unknown, rIn: unknown, names: string[], pes: string[], c: Comparison, type: TypeInfo): void {
  // Go structs that are never nil exist (empty) in every typed object; treat absent as empty.
  const empty = alwaysPresent(type, names);
  const l = lIn === undefined && empty !== undefined ? structuredClone(empty) : lIn;
  const r = rIn === undefined && empty !== undefined ? structuredClone(empty) : rIn;
  const shapeL = l === undefined ? undefined : shapeOf(type, names, l);
  const shapeR = r === undefined ? undefined : shapeOf(type, names, r);
  const shape = shapeR ?? shapeL;
  const bothEmpty = isEmptyContainer(l) && isEmptyContainer(r);
  if (!shape || shape.kind === 'leaf' || bothEmpty || (shapeL && shapeR && shapeL.kind !== shapeR.kind)) {
    if (l === undefined && r !== undefined) c.added.insert(pes);
    else if (r === undefined && l !== undefined) c.removed.insert(pes);
    else if (!deepEqual(l, r)) c.modified.insert(pes);
    return;
  }
  if (shape.kind === 'map') {
    compareMaps(l as JsonObject | undefined, r as JsonObject | undefined, names, pes, c, type);
  } else {
    const rule = shape.rule;
    const left = keyedMap(indexItems(rule, (l as unknown[] | undefined) ?? [], pes, false));
    const right = keyedMap(indexItems(rule, (r as unknown[] | undefined) ?? [], pes, false));
    for (const pe of new Set([...left.keys(), ...right.keys()])) {
      const li = left.get(pe);
      const ri = right.get(pe);
      const itemPes = [...pes, pe];
      if (itemIsLeaf(rule, li ?? ri)) {
        if (li === undefined) c.added.insert(itemPes);
        else if (ri === undefined) c.removed.insert(itemPes);
        else if (!deepEqual(li, ri)) c.modified.insert(itemPes);
      } else {
        compareMaps(li as JsonObject | undefined, ri as JsonObject | undefined, names, itemPes, c, type);
        markPresence(li, ri, itemPes, c);
      }
    }
  }
  markPresence(l, r, pes, c);
}

// Non-leaf nodes that appear or disappear are recorded too (kube's post-item hook),
// which is what puts "." under a map or list item a manager created.
function markPresence(l: unknown, r: unknown, pes: string[], c: Comparison): void {
  if (l === undefined) c.added.insert(pes);
  else if (r === undefined) c.removed.insert(pes);
}

function keyedMap(items: IndexedItem[]): Map<string, unknown> {
  return new Map(items.filter((i) => i.keyed).map((i) => [i.pe, i.item]));
}

function present(v: unknown): unknown {
  return v === null ? undefined : v;
}

function isEmptyContainer(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}
