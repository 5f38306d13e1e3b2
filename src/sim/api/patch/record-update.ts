// managedFields bookkeeping for ordinary writes (create, PUT, every non-apply
// PATCH): the writer becomes an `operation: Update` manager of the fields it
// changed and takes them from everyone else, without conflicts. This is what
// lets a later apply see that `kubectl edit` or a controller owns a field.

import type { KObject } from '../../store/types.js';
import { isObject } from './json-value.js';
import { typeInfoOf } from './merge-keys.js';
import { compareObjects } from './field-walk.js';
import { decodeManagedFields, isResetRequest, managerId, stripMeta, type ManagerEntry } from './managed-fields.js';
import { configScope, finishManagedFields, stripServerFields } from './apply-scope.js';

export interface UpdateOptions {
  /** Whether status is a separate subresource, so main-resource writes do not own it (default true). */
  hasStatus?: boolean;
}

/**
 * Returns `updated` with managedFields recording `manager`'s write over `old`
 * (undefined for a create); `subresource` is "status" for /status writes,
 * which record only status. Managed fields sent by the client are honoured
 * like kube does: `[{}]` resets them, a valid non-empty list replaces them.
 */
export function recordUpdateManager(
  old: KObject | undefined,
  updated: KObject,
  manager: string,
  now: string,
  apiVersion: string,
  subresource?: string,
  opts: UpdateOptions = {},
): KObject {
  const type = typeInfoOf(updated);
  const scope = configScope(subresource, opts.hasStatus ?? true);
  const live = old ? stripServerFields(old, false) : {};
  const next = stripServerFields(updated, false);
  const before = decodeManagedFields(old?.metadata?.managedFields) ?? new Map<string, ManagerEntry>();
  const managers = startingManagers(before, updated, subresource);

  const cmp = compareObjects(live, next, type);
  const changed = scope.owned(cmp.added.union(cmp.modified));
  const removed = scope.owned(cmp.removed);
  for (const [id, entry] of managers) {
    managers.set(id, { ...entry, set: stripMeta(entry.set.difference(changed).difference(removed)) });
  }
  const mine = stripMeta(changed.difference(removed));
  if (!mine.isEmpty()) {
    const identity = { manager, operation: 'Update' as const, apiVersion, subresource };
    const id = managerId(identity);
    const previous = managers.get(id);
    managers.set(id, { ...identity, time: now, set: previous ? previous.set.union(mine) : mine });
  }
  return finishManagedFields(old, live, next, before, managers);
}

// kube's decodeLiveOrNew: subresource writes cannot touch managedFields; a
// reset request empties them; a valid list from the client wins; anything
// else (absent, empty, malformed) keeps the live object's.
function startingManagers(live: Map<string, ManagerEntry>, updated: KObject, subresource: string | undefined): Map<string, ManagerEntry> {
  const sent = isObject(updated.metadata) ? updated.metadata.managedFields : undefined;
  if (subresource !== undefined) return new Map(live);
  if (Array.isArray(sent) && sent.length === 1 && isResetRequest(sent)) return new Map();
  const fromClient = decodeManagedFields(sent);
  if (fromClient && fromClient.size > 0) return fromClient;
  return new Map(live);
}
