// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`),
// the server half of what `kubectl apply` (client-side), `kubectl patch` and
// helm's 3-way upgrade patch send. Semantics follow apimachinery's
// strategicpatch.StrategicMergeMapPatch with MergeParallelList and
// IgnoreUnmatchedNulls on, which is how the apiserver calls it.

import { errors } from '../errors.js';
import { deepClone, describe, hasOwn, isObject, setOwn, type JsonObject } from './json-value.js';
import { listRule, typeInfoOf, type TypeInfo } from './merge-keys.js';
import { cleanItem, mergeList, normalizeElementOrder, partition, type SmpContext } from './strategic-list.js';

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';
const RETAIN_KEYS = '$retainKeys';

/** Applies a strategic merge patch to a copy of target; merge keys come from the target's kind. */
export function applyStrategicMergePatch<T = unknown>(target: unknown, patch: unknown, type?: TypeInfo): T {
  if (!isObject(patch)) throw errors.badRequest(`strategic merge patch must be a JSON object, got ${describe(patch)}`);
  const info = type ?? typeInfoOf(isObject(target) && typeof target['apiVersion'] === 'string' ? target : patch);
  const ctx: SmpContext = { type: info, mergeMap: (o, p, path) => mergeMap(o, p, path, ctx) };
  return mergeMap(isObject(target) ? deepClone(target) : undefined, deepClone(patch), [], ctx) as T;
}

// Both arguments are private copies: merging mutates them freely.
function mergeMap(original: JsonObject | undefined, patch: JsonObject, path: string[], ctx: SmpContext): JsonObject {
  if (hasOwn(patch, '$patch')) {
    const directive = patch['$patch'];
    delete patch['$patch'];
    if (directive === 'delete') return {};
    // kube returns a replacement map verbatim; merging it into nothing also drops nested directives and nulls.
    if (directive === 'replace') return mergeMap(undefined, patch, path, ctx);
    if (directive !== 'merge') throw errors.badRequest(`unknown patch type: ${String(directive)} in map: ${describe(patch)}`);
  }
  const out = original ?? {};
  applyRetainKeys(out, patch);
  applySetElementOrder(out, patch, path, ctx);
  // Deletion lists go last so a patch that both adds and deletes sees its additions first.
  const keys = Object.keys(patch).sort((a, b) => Number(a.startsWith(DELETE_FROM)) - Number(b.startsWith(DELETE_FROM)));
  for (const rawKey of keys) {
    const value = patch[rawKey];
    const deleteList = rawKey.startsWith(DELETE_FROM);
    const key = deleteList ? directiveTarget(rawKey, DELETE_FROM) : rawKey;
    const childPath = [...path, key];
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    if (!hasOwn(out, key) || current === null) {
      if (!deleteList) setOwn(out, key, cleanItem(value, childPath, ctx));
    } else if (isObject(current) && isObject(value)) {
      setOwn(out, key, mergeMap(current, value, childPath, ctx));
    } else if (Array.isArray(current) && Array.isArray(value)) {
      setOwn(out, key, mergeList(current, value, childPath, deleteList, ctx));
    } else if (!deleteList) {
      // Different types or scalars: the patch value wins.
      setOwn(out, key, cleanItem(value, childPath, ctx));
    }
  }
  return out;
}

function directiveTarget(key: string, prefix: string): string {
  const rest = key.slice(prefix.length);
  if (rest === '') {
    throw errors.badRequest(prefix === SET_ORDER ? 'invalid patch format of setElementOrder list' : 'invalid patch format of primitive list');
  }
  return rest;
}

// `$retainKeys`: live keys not listed are cleared; every patched key must be listed.
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw errors.badRequest('invalid patch format of retainKeys');
  const keep = new Set(retain.map((k) => String(k)));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw errors.badRequest('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

// `$setElementOrder/<list>`: merges that list now and orders the result by the
// directive, then removes the list from the patch so the main loop skips it.
function applySetElementOrder(original: JsonObject, patch: JsonObject, path: string[], ctx: SmpContext): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ORDER)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw errors.badRequest('invalid patch format of setElementOrder list');
    const key = directiveTarget(directiveKey, SET_ORDER);
    const childPath = [...path, key];
    const liveValue = original[key];
    const patchValue = patch[key];
    // A null (delete) or a deletion-only list for this key is left to the main loop.
    if (patchValue === null) continue;
    const live = hasOwn(original, key) ? expectList(liveValue, key) : undefined;
    const patched = hasOwn(patch, key) ? expectList(patchValue, key) : undefined;
    const mergeKey = listRule(ctx.type, childPath).mergeKey ?? '';
    validateOrder(patched ?? [], order, mergeKey);
    let merged: unknown[];
    if (live && patched) merged = mergeList(live, patched, childPath, false, ctx);
    else if (patched) merged = mergeList([], patched, childPath, false, ctx);
    else if (live) merged = live;
    else continue;
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    setOwn(original, key, normalizeElementOrder(inOrder, serverOnly, order, live ?? [], mergeKey));
    delete patch[key];
  }
}

function expectList(v: unknown, key: string): unknown[] {
  if (!Array.isArray(v)) throw errors.badRequest(`expected a list for ${key}, got ${describe(v)}`);
  return v;
}

// The patch list must name its (non-deleted) items in the same relative order as the directive.
function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  const items = patchList.filter((v) => !(isObject(v) && hasOwn(v, '$patch')));
  let p = 0;
  for (let s = 0; p < items.length && s < order.length; s++) {
    const a = items[p];
    const b = order[s];
    const equal = mergeKey === '' ? a === b : isObject(a) && isObject(b) && a[mergeKey] === b[mergeKey];
    if (equal) p++;
  }
  if (p < items.length && order.length > 0) {
    throw errors.badRequest(`the order in patch list:\n${describe(patchList)}\n doesn't match $setElementOrder list:\n${describe(order)}`);
  }
}
