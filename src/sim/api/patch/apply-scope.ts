// Pieces shared by apply and update tracking: which part of the object a
// request may own (main resource vs the status subresource), the server-set
// fields that never come from a client, and writing managedFields back
// without bumping timestamps on a no-op (kube's IgnoreManagedFieldsTimestamps).

import type { KObject } from '../../store/types.js';
import { deepClone, deepEqual, isObject, type JsonObject } from './json-value.js';
import type { FieldSet } from './field-set.js';
import { encodeManagedFields, type ManagerEntry } from './managed-fields.js';

export interface Scope {
  /** Restricts an incoming object to the part this request may change. */
  config(obj: JsonObject): JsonObject;
  /** Restricts a field set to the part this request may own. */
  owned(set: FieldSet): FieldSet;
}

/** Main-resource writes leave status alone (when it is a subresource); /status writes touch only status. */
export function configScope(subresource: string | undefined, hasStatus: boolean): Scope {
  if (subresource === 'status') {
    return {
      config: (obj) => {
        const meta = isObject(obj['metadata']) ? obj['metadata'] : {};
        const out: JsonObject = { apiVersion: obj['apiVersion'], kind: obj['kind'], metadata: pick(meta, ['name', 'namespace']) };
        if (obj['status'] !== undefined) out['status'] = obj['status'];
        return out;
      },
      owned: (set) => set.withoutTopLevel((pe) => pe !== 'f:status'),
    };
  }
  if (subresource === undefined && hasStatus) {
    return {
      config: (obj) => {
        const out = { ...obj };
        delete out['status'];
        return out;
      },
      owned: (set) => set.withoutTopLevel((pe) => pe === 'f:status'),
    };
  }
  return { config: (obj) => obj, owned: (set) => set };
}

const SERVER_SET = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** A private copy without managedFields (and, for client input, without server-set metadata). */
export function stripServerFields(obj: KObject, clientInput: boolean): JsonObject {
  const out = deepClone(obj) as JsonObject;
  if (isObject(out['metadata'])) {
    const meta = out['metadata'];
    delete meta['managedFields'];
    if (clientInput) for (const f of SERVER_SET) delete meta[f];
  }
  return out;
}

/** Attaches the new managedFields, or returns the existing object untouched when nothing but times would change. */
export function finishManagedFields(
  existing: KObject | undefined,
  live: JsonObject,
  merged: JsonObject,
  before: Map<string, ManagerEntry>,
  after: Map<string, ManagerEntry>,
): KObject {
  if (existing && deepEqual(live, merged) && deepEqual(timeless(before), timeless(after))) return deepClone(existing);
  const out = merged as KObject;
  const meta: JsonObject = isObject(out.metadata) ? out.metadata : {};
  const encoded = encodeManagedFields(after.values());
  if (encoded.length > 0) meta['managedFields'] = encoded;
  else delete meta['managedFields'];
  out.metadata = meta;
  return out;
}

/** How kube names a manager in conflict messages. */
export function printManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

function timeless(entries: Map<string, ManagerEntry>): JsonObject[] {
  return encodeManagedFields([...entries.values()].map((e) => ({ ...e, time: undefined })));
}

function pick(obj: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}
