// List half of strategic merge patch: merging lists by merge key, the
// `$patch` directives inside list items, deletions from primitive lists, and
// the ordering rules of k8s.io/apimachinery/pkg/util/strategicpatch (patch
// order wins for patched items, live order for the rest, interleaved).

import { errors } from '../errors.js';
import { describe, hasOwn, isObject, type JsonObject } from './json-value.js';
import { listRule, type TypeInfo } from './merge-keys.js';

/** What list merging needs from the map half (kept as a callback to avoid an import cycle). */
export interface SmpContext {
  type: TypeInfo;
  mergeMap(original: JsonObject | undefined, patch: JsonObject, path: string[]): JsonObject;
}

/** Merges a patch list into a live list according to the field's patch strategy. */
export function mergeList(original: unknown[], patch: unknown[], path: string[], deleteList: boolean, ctx: SmpContext): unknown[] {
  const rule = listRule(ctx.type, path);
  // No merge strategy: the patch list replaces the live one (as kube does, even for a deletion list).
  if (rule.mergeKey === undefined) return patch.map((item) => cleanItem(item, path, ctx));
  if (original.length === 0 && patch.length === 0) return original;
  const mapItems = elementsAreMaps(original, patch);
  if (!mapItems) {
    if (deleteList) return original.filter((v) => !patch.some((d) => d === v));
    const merged = dedupeScalars([...original, ...patch]);
    const [inPatch, serverOnly] = partition(merged, patch, '');
    return normalizeElementOrder(inPatch, serverOnly, patch, original, '');
  }
  const key = rule.mergeKey;
  if (key === '') throw errors.badRequest(`cannot merge lists of objects without a merge key at ${path.join('.')}`);
  const [live, plain] = applySpecialElements(original, patch, key, path, ctx);
  const merged = [...live];
  for (const item of plain) {
    const obj = item as JsonObject;
    const at = merged.findIndex((m) => sameKey(m, obj, key));
    if (at >= 0) merged[at] = ctx.mergeMap(merged[at] as JsonObject, obj, path);
    else merged.push(ctx.mergeMap(undefined, obj, path));
  }
  const [inPatch, serverOnly] = partition(merged, plain, key);
  return normalizeElementOrder(inPatch, serverOnly, plain, live, key);
}

/** Strips directives from a value the live object does not have yet, by merging it into nothing. */
export function cleanItem(value: unknown, path: string[], ctx: SmpContext): unknown {
  if (isObject(value)) return ctx.mergeMap(undefined, value, path);
  if (Array.isArray(value)) return mergeList([], value, path, false, ctx);
  return value;
}

/**
 * Orders a merged list: items named by `patchOrder` keep that order, live-only
 * items keep their live order, and the two runs are interleaved using the
 * live positions where both are known.
 */
export function normalizeElementOrder(inPatch: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], key: string): unknown[] {
  const left = sortByOrder(serverOnly, serverOrder, key);
  const right = sortByOrder(inPatch, patchOrder, key);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], key);
      const ri = indexIn(serverOrder, right[j], key);
      // A patch item the live list never had goes before remaining live items, as in kube.
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Splits items into those named in `by` and the rest (server-only). */
export function partition(items: unknown[], by: unknown[], key: string): [unknown[], unknown[]] {
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const item of items) (indexIn(by, item, key) >= 0 ? inBy : rest).push(item);
  return [inBy, rest];
}

/** Position of an item in a list, by merge key for objects or by value for scalars. */
export function indexIn(list: unknown[], item: unknown, key: string): number {
  if (key === '') return list.findIndex((v) => v === item);
  if (!isObject(item) || !hasOwn(item, key)) return -1;
  return list.findIndex((v) => sameKey(v, item, key));
}

function sameKey(a: unknown, b: JsonObject, key: string): boolean {
  return isObject(a) && hasOwn(a, key) && a[key] === b[key];
}

function sortByOrder(items: unknown[], order: unknown[], key: string): unknown[] {
  return items
    .map((item, pos) => ({ item, pos, at: indexIn(order, item, key) }))
    .sort((a, b) => a.at - b.at || a.pos - b.pos)
    .map((x) => x.item);
}

// Handles `$patch` items: delete removes live items by key, replace makes the
// plain patch items the whole list, merge is accepted as a no-op marker.
function applySpecialElements(original: unknown[], patch: unknown[], key: string, path: string[], ctx: SmpContext): [unknown[], unknown[]] {
  let live = original;
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    if (!isObject(item)) throw errors.badRequest(`expected a map in list ${path.join('.')}, got ${describe(item)}`);
    if (!hasOwn(item, '$patch')) {
      if (!hasOwn(item, key)) throw errors.badRequest(`map: ${describe(item)} does not contain declared merge key: ${key}`);
      plain.push(item);
      continue;
    }
    const directive = item['$patch'];
    if (directive === 'delete') {
      if (!hasOwn(item, key)) throw errors.badRequest(`map: ${describe(item)} does not contain declared merge key: ${key}`);
      live = live.filter((v) => !sameKey(v, item, key));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive !== 'merge') {
      throw errors.badRequest(`unknown patch type: ${String(directive)} in map: ${describe(item)}`);
    }
  }
  if (replace) return [plain.map((item) => cleanItem(item, path, ctx)), []];
  return [live, plain];
}

function elementsAreMaps(original: unknown[], patch: unknown[]): boolean {
  const all = [...original, ...patch];
  if (all.some((v) => Array.isArray(v))) throw errors.badRequest('lists of lists are not supported');
  const first = patch[0] ?? original[0];
  const maps = isObject(first);
  if (all.some((v) => isObject(v) !== maps)) throw errors.badRequest('list elements must all be maps or all be scalars');
  return maps;
}

function dedupeScalars(items: unknown[]): unknown[] {
  return items.filter((v, i) => items.indexOf(v) === i);
}
