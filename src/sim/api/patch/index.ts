// Entry point of the patch engine for the HTTP layer: picks the patch flavour
// from the Content-Type of a PATCH request. Server-side apply has its own
// entry (serverSideApply) because it needs the field manager and force flag
// and returns ownership as well as content.

import type { KObject } from '../../store/types.js';
import { ApiError, errors } from '../errors.js';
import { isObject, parseJsonBody } from './json-value.js';
import { applyJsonPatch, patchInvalid } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

export { applyJsonPatch, patchInvalid } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge.js';
export { parseApplyPatch, serverSideApply, type ApplyOptions } from './apply.js';
export { recordUpdateManager, type UpdateOptions } from './record-update.js';
export { typeInfoOf, listRule, type ListRule, type TypeInfo } from './merge-keys.js';

export const PATCH_CONTENT_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

export interface PatchOptions {
  /** False for custom resources: kube answers 415 to strategic merge patches of them. */
  strategicMerge?: boolean;
}

/** The bare media type of a Content-Type header ("application/json-patch+json; charset=utf-8" → "application/json-patch+json"). */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Whether a PATCH is a server-side apply, which the caller routes to serverSideApply. */
export function isApplyPatch(contentType: string): boolean {
  return mediaType(contentType) === PATCH_CONTENT_TYPES.apply;
}

/** Applies a JSON, merge or strategic merge patch body to `existing` and returns the new object. */
export function applyPatch(contentType: string, existing: KObject, body: Buffer | string, opts: PatchOptions = {}): KObject {
  const type = mediaType(contentType);
  const strategic = opts.strategicMerge ?? true;
  let result: unknown;
  switch (type) {
    case PATCH_CONTENT_TYPES.json:
      result = applyJsonPatch(existing, parseJsonBody(body, 'JSON patch'));
      break;
    case PATCH_CONTENT_TYPES.merge: {
      const patch = parseJsonBody(body, 'merge patch');
      if (!isObject(patch)) throw errors.badRequest('merge patch must be a JSON object');
      result = applyMergePatch(existing, patch);
      break;
    }
    case PATCH_CONTENT_TYPES.strategic:
      if (!strategic) throw unsupportedPatch(type, false);
      result = applyStrategicMergePatch(existing, parseJsonBody(body, 'strategic merge patch'));
      break;
    default:
      throw unsupportedPatch(type, strategic);
  }
  if (!isObject(result) || !isObject(result['metadata'])) throw patchInvalid('the patched object must be a JSON object with metadata');
  return result as KObject;
}

// kube's 415 for PATCH lists the patch types the resource accepts.
function unsupportedPatch(got: string, strategic: boolean): ApiError {
  const accepted: string[] = [PATCH_CONTENT_TYPES.json, PATCH_CONTENT_TYPES.merge, PATCH_CONTENT_TYPES.apply];
  if (strategic) accepted.push(PATCH_CONTENT_TYPES.strategic);
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')} (got ${got || 'no content type'})`,
  );
}
