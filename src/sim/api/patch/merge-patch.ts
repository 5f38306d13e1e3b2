// RFC 7386 JSON merge patch (`application/merge-patch+json`). Lists are
// replaced wholesale and null deletes, which is exactly why kube also offers
// strategic merge: a merge patch cannot touch one container of many.

import { deepClone, isObject, setOwn, type JsonObject } from './json-value.js';

/** Applies an RFC 7386 merge patch and returns a new value; inputs are not mutated. */
export function applyMergePatch<T = unknown>(target: unknown, patch: unknown): T {
  return mergeValue(target, patch) as T;
}

function mergeValue(target: unknown, patch: unknown): unknown {
  // A non-object patch replaces the target outright (RFC 7386 section 2).
  if (!isObject(patch)) return deepClone(patch);
  const out: JsonObject = isObject(target) ? deepClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else {
      setOwn(out, key, mergeValue(out[key], value));
    }
  }
  return out;
}
