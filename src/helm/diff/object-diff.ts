// What would change in the cluster, object by object: each Kubernetes object
// of the deployed revision against the re-rendered one, keyed by kind,
// namespace and name. A Secret is never shown: only which of its keys were
// added, removed or changed, so the diff can be read aloud on a bridge call.
import { stringify } from 'yaml';
import type { ManifestObject } from '../manifest.js';
import { isPlainObject, maskCredentials, rememberSecret } from '../actions/credential.js';
import { lineDiff, unified } from './line-diff.js';

/** Which keys of a Secret differ (names only, never values). */
export interface SecretKeyChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** One object that differs between the deployed and the target revision. */
export interface ObjectDiff {
  kind: string;
  namespace: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** True for chart hooks (migration Jobs…), which run rather than stay applied. */
  hook: boolean;
  /** The object's YAML diff, folded (credential-looking values masked; Secrets without data). */
  lines: string[];
  secretKeys?: SecretKeyChanges;
}

/** Diffs two object lists; objects without a namespace take `defaultNamespace`. */
export function diffObjects(before: ManifestObject[], after: ManifestObject[], defaultNamespace: string): ObjectDiff[] {
  const id = (o: ManifestObject): string => `${o.kind}/${o.namespace ?? defaultNamespace}/${o.name}`;
  const old = new Map(before.map((o) => [id(o), o]));
  const next = new Map(after.map((o) => [id(o), o]));
  const out: ObjectDiff[] = [];
  for (const key of new Set([...old.keys(), ...next.keys()])) {
    const a = old.get(key);
    const b = next.get(key);
    const any = (b ?? a)!;
    const base = { kind: any.kind, namespace: any.namespace ?? defaultNamespace, name: any.name, hook: Boolean(any.hook) };
    const aObj = a ? showable(a.object) : undefined;
    // The after side is masked against the before side, so a rotated
    // password still reads "*** (changed)" without showing either value.
    const bObj = b ? showable(b.object, a?.object) : undefined;
    const lines = unified(lineDiff(toLines(aObj), toLines(bObj)));
    const secretKeys = any.kind === 'Secret' ? secretKeyChanges(a?.object, b?.object) : undefined;
    const keysChanged = secretKeys !== undefined && secretKeys.added.length + secretKeys.removed.length + secretKeys.changed.length > 0;
    if (a && b && lines.length === 0 && !keysChanged) continue;
    out.push({ ...base, change: !a ? 'added' : !b ? 'removed' : 'changed', lines, ...(secretKeys ? { secretKeys } : {}) });
  }
  const order = { changed: 0, added: 1, removed: 2 };
  return out.sort((x, y) => order[x.change] - order[y.change] || x.kind.localeCompare(y.kind) || x.name.localeCompare(y.name));
}

// The object as it may be shown: Secret data dropped, credentials masked.
function showable(obj: Record<string, unknown>, before?: Record<string, unknown>): unknown {
  const strip = (o: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    if (!o || o.kind !== 'Secret') return o;
    const { data: _data, stringData: _stringData, ...rest } = o;
    return rest;
  };
  return maskCredentials(strip(obj), before === undefined ? undefined : strip(before));
}

function toLines(obj: unknown): string[] {
  if (obj === undefined) return [];
  return stringify(obj, { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, '').split('\n');
}

/** Compares two Secrets' data and stringData by key; values are compared, never returned. */
export function secretKeyChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): SecretKeyChanges {
  const a = secretValues(before);
  const b = secretValues(after);
  const changes: SecretKeyChanges = { added: [], removed: [], changed: [] };
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (!a.has(k)) changes.added.push(k);
    else if (!b.has(k)) changes.removed.push(k);
    else if (a.get(k) !== b.get(k)) changes.changed.push(k);
  }
  return changes;
}

// stringData wins over data for the same key, as the API server merges them.
function secretValues(secret: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!secret) return out;
  // The values are compared here; remembered so that a copy of one elsewhere (a ConfigMap, a log) is masked too.
  rememberSecret(secret);
  if (isPlainObject(secret.data)) {
    for (const [k, v] of Object.entries(secret.data)) out.set(k, Buffer.from(String(v ?? ''), 'base64').toString('utf8'));
  }
  if (isPlainObject(secret.stringData)) {
    for (const [k, v] of Object.entries(secret.stringData)) out.set(k, String(v ?? ''));
  }
  return out;
}
