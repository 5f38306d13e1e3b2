// How server-side apply sees a value at a path: a leaf (scalar, atomic map or
// atomic list), a granular map, or an associative list whose items have path
// elements. Shared by field-set extraction, comparison, merging and pruning so
// they can never disagree about what is owned.

import { errors } from '../errors.js';
import { hasOwn, isObject, isScalar, type JsonObject } from './json-value.js';
import { isAtomicMap, listRule, type ListRule, type TypeInfo } from './merge-keys.js';
import { keyPE, pathToString, valuePE } from './path-element.js';

/** How apply treats a value: owned whole, merged by field, or merged by list item. */
export type Shape =
  | { kind: 'leaf' }
  | { kind: 'map' }
  | { kind: 'list'; rule: ListRule };

/** Classifies a value; `names` is the field-name path used for schema lookups. */
export function shapeOf(type: TypeInfo, names: readonly string[], value: unknown): Shape {
  if (isObject(value)) return isAtomicMap(type, names) ? { kind: 'leaf' } : { kind: 'map' };
  if (Array.isArray(value)) {
    const rule = listRule(type, names);
    return rule.ssa === 'atomic' ? { kind: 'leaf' } : { kind: 'list', rule };
  }
  return { kind: 'leaf' };
}

/** Whether an item of this list is owned whole (set values, atomic structs) rather than field by field. */
export function itemIsLeaf(rule: ListRule, item: unknown): boolean {
  return rule.ssa === 'set' || rule.atomicItems === true || !isObject(item);
}

/** The path element of a list item, or undefined when it has no usable key. */
export function itemPE(rule: ListRule, item: unknown): string | undefined {
  if (rule.ssa === 'set') return isScalar(item) && item !== null ? valuePE(item) : undefined;
  if (rule.ssa === 'atomic' || !isObject(item)) return undefined;
  const fields: JsonObject = {};
  for (const key of rule.ssa.keys) {
    const v = hasOwn(item, key) && item[key] !== null ? item[key] : rule.ssa.defaults?.[key];
    if (v === undefined) return undefined;
    fields[key] = v;
  }
  return keyPE(fields);
}

export interface IndexedItem {
  pe: string;
  item: unknown;
  /** False for items without a key or repeating an earlier key: passed through, never owned. */
  keyed: boolean;
}

/**
 * Indexes a list by path element. In an applied configuration a missing key
 * or a duplicate is a 400, as kube rejects it; in a live object such items are
 * tolerated and passed through untouched.
 */
export function indexItems(rule: ListRule, list: unknown[], pes: readonly string[], strict: boolean): IndexedItem[] {
  const seen = new Set<string>();
  return list.map((item, i) => {
    const pe = itemPE(rule, item);
    if (pe !== undefined && !seen.has(pe)) {
      seen.add(pe);
      return { pe, item, keyed: true };
    }
    if (strict) {
      const where = pathToString(pes);
      if (pe !== undefined) throw errors.badRequest(`${where}: duplicate entries for key ${pathToString([pe])}`);
      const missing = typeof rule.ssa === 'object' ? rule.ssa.keys.find((k) => !isObject(item) || !hasOwn(item, k)) : undefined;
      throw errors.badRequest(
        missing === undefined
          ? `${where}: element ${i}: expected a scalar set item`
          : `${where}: element ${i}: associative list with keys has an element that omits key field "${missing}" (and doesn't have default value)`,
      );
    }
    return { pe: `#${i}`, item, keyed: false };
  });
}
