// metadata.managedFields <-> per-manager field sets. Entry identity, sort
// order, the fields nobody may own, and the cap on Update entries follow the
// apiserver's fieldmanager package, so clients that read managedFields (kubectl
// apply --server-side, helm 4) see what a real cluster would write.

import { isObject, type JsonObject } from './json-value.js';
import { FieldSet } from './field-set.js';
import { fieldPE } from './path-element.js';

export type Operation = 'Apply' | 'Update';

/** One managedFields entry with its FieldsV1 decoded. */
export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** Identity of an entry: Apply entries ignore apiVersion so a manager keeps one entry across versions. */
export function managerId(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([e.manager, e.operation, e.operation === 'Apply' ? '' : e.apiVersion, e.subresource ?? '']);
}

/** Decodes managedFields; undefined when malformed (kube then falls back to the live object's). */
export function decodeManagedFields(raw: unknown): Map<string, ManagerEntry> | undefined {
  if (raw === undefined || raw === null) return new Map();
  if (!Array.isArray(raw)) return undefined;
  const out = new Map<string, ManagerEntry>();
  for (const item of raw) {
    if (!isObject(item)) return undefined;
    const { manager, operation, apiVersion, time, subresource, fieldsType, fieldsV1 } = item;
    if (operation !== 'Apply' && operation !== 'Update') return undefined;
    if (fieldsType !== undefined && fieldsType !== 'FieldsV1') return undefined;
    const set = fieldsV1 === undefined ? new FieldSet() : FieldSet.fromFieldsV1(fieldsV1);
    if (!set) return undefined;
    const entry: ManagerEntry = {
      manager: typeof manager === 'string' ? manager : '',
      operation,
      apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
      time: typeof time === 'string' ? time : undefined,
      subresource: typeof subresource === 'string' && subresource !== '' ? subresource : undefined,
      set,
    };
    const id = managerId(entry);
    const prev = out.get(id);
    out.set(id, prev ? { ...entry, set: prev.set.union(set) } : entry);
  }
  return out;
}

/** True for kube's "reset managedFields" request: an empty list, or one empty entry. */
export function isResetRequest(raw: unknown): boolean {
  if (!Array.isArray(raw)) return false;
  return raw.length === 0 || (raw.length === 1 && isObject(raw[0]) && Object.keys(raw[0]).length === 0);
}

/** Encodes entries into managedFields, dropping empty ones and sorting like kube. */
export function encodeManagedFields(entries: Iterable<ManagerEntry>): JsonObject[] {
  const kept = capUpdateManagers([...entries].filter((e) => !e.set.isEmpty()));
  kept.sort(
    (a, b) =>
      cmp(a.operation, b.operation) ||
      seconds(a.time) - seconds(b.time) ||
      cmp(a.manager, b.manager) ||
      cmp(a.apiVersion, b.apiVersion) ||
      cmp(a.subresource ?? '', b.subresource ?? ''),
  );
  return kept.map((e) => {
    const out: JsonObject = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
    if (e.time !== undefined) out['time'] = e.time;
    out['fieldsType'] = 'FieldsV1';
    out['fieldsV1'] = e.set.toFieldsV1();
    if (e.subresource !== undefined) out['subresource'] = e.subresource;
    return out;
  });
}

// Identity and bookkeeping fields the apiserver sets; no manager ever owns them.
const STRIPPED = new FieldSet();
for (const path of [['apiVersion'], ['kind'], ['metadata']]) STRIPPED.insert(path.map(fieldPE));
for (const f of ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']) {
  STRIPPED.insert([fieldPE('metadata'), fieldPE(f)]);
}

/** Removes the fields nobody may own (exact members only, like kube's stripMeta). */
export function stripMeta(set: FieldSet): FieldSet {
  return set.difference(STRIPPED);
}

const MAX_UPDATE_MANAGERS = 10;
const ANCIENT = 'ancient-changes';

// Past ten Update entries, the oldest are folded into "ancient-changes" per apiVersion.
function capUpdateManagers(entries: ManagerEntry[]): ManagerEntry[] {
  const updates = entries.filter((e) => e.operation === 'Update').sort((a, b) => seconds(a.time) - seconds(b.time));
  if (updates.length <= MAX_UPDATE_MANAGERS) return entries;
  const result = new Set(entries);
  const firstByVersion = new Map<string, ManagerEntry>();
  const buckets = new Map<string, ManagerEntry>();
  for (const e of updates) if (e.manager === ANCIENT && e.subresource === undefined) buckets.set(e.apiVersion, e);
  let count = updates.length;
  for (const e of updates) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    let bucket = buckets.get(e.apiVersion);
    if (bucket === e) continue;
    const first = firstByVersion.get(e.apiVersion);
    if (!bucket && !first) {
      firstByVersion.set(e.apiVersion, e);
      continue;
    }
    if (!bucket && first) {
      // The oldest entry of this version becomes the bucket.
      result.delete(first);
      bucket = { ...first, manager: ANCIENT, subresource: undefined };
      buckets.set(e.apiVersion, bucket);
      result.add(bucket);
    }
    if (!bucket) continue;
    bucket.set = bucket.set.union(e.set);
    bucket.time = e.time;
    result.delete(e);
    count--;
  }
  return [...result];
}

function seconds(time: string | undefined): number {
  const ms = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
