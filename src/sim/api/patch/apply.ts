// Server-side apply (`application/apply-patch+yaml`), helm 4's default write
// path. The applied configuration is this manager's full intent: its fields
// are merged in, fields it applied before and now omits are pruned unless
// someone else owns them (so a rollback really removes a failed revision's
// fields), and changing a field another manager owns is a 409 unless forced.

import YAML from 'yaml';
import type { KObject } from '../../store/types.js';
import { ApiError, errors } from '../errors.js';
import { isObject, type JsonObject } from './json-value.js';
import { FieldSet } from './field-set.js';
import { typeInfoOf, type TypeInfo } from './merge-keys.js';
import { compareObjects, toFieldSet } from './field-walk.js';
import { mergeApplied, removeFields } from './apply-merge.js';
import { decodeManagedFields, managerId, stripMeta, type ManagerEntry } from './managed-fields.js';
import { configScope, finishManagedFields, printManager, stripServerFields } from './apply-scope.js';
import { pathToString } from './path-element.js';

export { recordUpdateManager } from './record-update.js';

export interface ApplyOptions {
  fieldManager: string;
  force: boolean;
  /** RFC 3339 time recorded on the manager's entry. */
  now: string;
  /** The request's group/version; the applied object must match it. */
  apiVersion: string;
  subresource?: string;
  /** Whether status is a separate subresource, so main-resource applies leave it alone (default true). */
  hasStatus?: boolean;
}

/** Parses an apply body (YAML 1.1 like the apiserver, so JSON works too) into an object. */
export function parseApplyPatch(body: Buffer | string): KObject {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = YAML.parse(text, {
      version: '1.1',
      // kube decodes into JSON: timestamps and sexagesimal numbers stay strings.
      customTags: (tags) =>
        tags.filter((t) =>
          typeof t === 'string'
            ? !['timestamp', 'intTime', 'floatTime'].includes(t)
            : t.tag !== 'tag:yaml.org,2002:timestamp' && !('format' in t && t.format === 'TIME'),
        ),
    });
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw errors.badRequest('error decoding YAML: the apply patch must be a YAML or JSON object');
  return parsed as KObject;
}

/** Applies `applied` for opts.fieldManager over `existing` (undefined = create); returns the new object with managedFields. */
export function serverSideApply(existing: KObject | undefined, applied: KObject, opts: ApplyOptions): KObject {
  validateApplied(existing, applied, opts);
  const type = typeInfoOf(applied);
  const scope = configScope(opts.subresource, opts.hasStatus ?? true);
  const live = existing ? stripServerFields(existing, false) : {};
  const config = scope.config(stripServerFields(applied, true));
  const managers = (existing && decodeManagedFields(existing.metadata?.managedFields)) || new Map<string, ManagerEntry>();
  const before = new Map(managers);

  const appliedSet = scope.owned(toFieldSet(config, type));
  const identity = { manager: opts.fieldManager, operation: 'Apply' as const, apiVersion: opts.apiVersion, subresource: opts.subresource };
  const id = managerId(identity);
  const previous = managers.get(id);
  managers.set(id, { ...identity, time: previous?.time, set: appliedSet });

  let merged = mergeApplied(live, config, type);
  if (previous) merged = prune(merged, previous.set, managers, type);

  const cmp = compareObjects(live, merged, type);
  const changed = cmp.added.union(cmp.modified);
  const conflicts: { entry: ManagerEntry; path: string[] }[] = [];
  for (const [otherId, entry] of managers) {
    if (otherId === id) continue;
    for (const path of entry.set.intersection(changed).paths()) conflicts.push({ entry, path });
  }
  if (conflicts.length > 0 && !opts.force) throw conflictError(conflicts);
  for (const [otherId, entry] of managers) {
    if (otherId === id) continue;
    // Forced: the applier takes changed fields; removed fields belong to nobody.
    managers.set(otherId, { ...entry, set: entry.set.difference(changed).difference(cmp.removed) });
  }
  managers.set(id, { ...identity, time: opts.now, set: stripMeta(appliedSet) });
  return finishManagedFields(existing, live, merged, before, managers);
}

/** Removes what this manager applied last time but not now, unless any manager (incl. this apply) owns it. */
function prune(merged: JsonObject, lastSet: FieldSet, managers: Map<string, ManagerEntry>, type: TypeInfo): JsonObject {
  let owned = new FieldSet();
  for (const entry of managers.values()) owned = owned.union(entry.set);
  const remove = stripMeta(lastSet.withFieldNodesAsMembers().difference(owned.withFieldNodesAsMembers()));
  return remove.isEmpty() ? merged : removeFields(merged, remove, type);
}

function validateApplied(existing: KObject | undefined, applied: KObject, opts: ApplyOptions): void {
  if (!isObject(applied)) throw errors.badRequest('the apply patch must be an object');
  if (applied.apiVersion !== opts.apiVersion) {
    throw errors.badRequest(`incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion ?? '')}, expected: ${opts.apiVersion}`);
  }
  if (typeof applied.kind !== 'string' || applied.kind === '') throw errors.badRequest("Object 'Kind' is missing in apply patch");
  if (!isObject(applied.metadata)) throw errors.badRequest('metadata must be an object in apply patch');
  const mf = applied.metadata.managedFields;
  if (Array.isArray(mf) && mf.length > 0) throw errors.badRequest('metadata.managedFields must be nil');
  const name = applied.metadata.name;
  const current = existing?.metadata?.name;
  if (typeof name === 'string' && current !== undefined && name !== current) {
    throw errors.badRequest(`the name of the object (${name}) does not match the name on the URL (${current})`);
  }
}

function conflictError(conflicts: { entry: ManagerEntry; path: string[] }[]): ApiError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.entry)}`,
    field: pathToString(c.path),
  }));
  let message: string;
  const first = conflicts[0] as { entry: ManagerEntry; path: string[] };
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(first.entry)}: ${pathToString(first.path)}`;
  } else {
    const byManager = new Map<string, { entry: ManagerEntry; paths: string[] }>();
    for (const c of conflicts) {
      const key = managerId(c.entry);
      const group = byManager.get(key) ?? { entry: c.entry, paths: [] };
      group.paths.push(pathToString(c.path));
      byManager.set(key, group);
    }
    const lines = [...byManager.keys()].sort().flatMap((key) => {
      const g = byManager.get(key) as { entry: ManagerEntry; paths: string[] };
      return [`conflicts with ${printManager(g.entry)}:`, ...g.paths.map((p) => `- ${p}`)];
    });
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
