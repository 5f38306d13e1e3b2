// Reads one release of a runbook — the file itself in a single-release
// runbook, or one entry of `releases:` — into a ReleasePlan, recording every
// problem in Issues (the caller throws them all together).
import { isSeq, type Node } from 'yaml';
import { joinPath } from '../config/config-error.js';
import type { MapEntry } from '../config/yaml-schema.js';
import { defaultValue, type FieldSpec } from './field-spec.js';
import type { Issues, UnknownKeyOptions } from './issues.js';
import { readField } from './read-field.js';
import { readStep, type ReadStep } from './read-step.js';
import { RELEASE_FIELDS, ROLLBACK_FIELDS, UPGRADE_FIELDS } from './release-table.js';
import type { Section } from './step-spec.js';
import type { ReleasePlan, VerifyFailureAction } from './types.js';
import { DEFAULT_OBSERVE_MS, defaultVerifyFailure, upgradeSettings } from './upgrade-flags.js';

/** What a release is read with: the namespace shared by a multi-release runbook, and whether ids get the release's name in front. */
export interface ReleaseContext {
  sharedNamespace?: string;
  prefixIds: boolean;
  /** Extra rules for unknown keys (a top level that also accepts `releases`). */
  unknown?: UnknownKeyOptions;
}

/** The plan (when the release is valid) and every step read, for the runbook-wide duplicate-id check. */
export interface ReadRelease {
  plan?: ReleasePlan;
  steps: ReadStep[];
}

const keysOf = (fields: readonly FieldSpec[]) => fields.map((f) => f.key);
const field = (fields: readonly FieldSpec[], key: string) => fields.find((f) => f.key === key)!;

/** Reads a release map; `entries` are its keys when the caller has already read them (the top level). */
export function readRelease(issues: Issues, node: Node | null, path: string, ctx: ReleaseContext, entries?: MapEntry[]): ReadRelease {
  const before = issues.list.length;
  const known = entries ? issues.known(entries, keysOf(RELEASE_FIELDS), ctx.unknown) : issues.entries(node, path, keysOf(RELEASE_FIELDS), ctx.unknown);
  if (!known) return { steps: [] };
  const get = (key: string) => known.find((e) => e.key === key);
  const value = (key: string): unknown => {
    const e = get(key);
    const f = field(RELEASE_FIELDS, key);
    if (e) return readField(issues, f, e);
    if (f.required) issues.add(node, joinPath(path, key), `missing: every release needs ${key} (${f.doc})`);
    return defaultValue(f);
  };
  const release = value('release') as string | undefined;
  const namespace = (get('namespace') ? value('namespace') : ctx.sharedNamespace ?? 'default') as string | undefined;
  const chart = value('chart') as string | undefined;
  const version = value('version') as string | undefined;
  const values = value('values') as string[] | undefined;
  const set = (value('set') as Record<string, string> | undefined) ?? {};

  const idPrefix = ctx.prefixIds && release ? `${release}.` : '';
  const steps: ReadStep[] = [];
  const section = (name: Section) => {
    const e = get(name);
    if (!e) return [];
    const items = issues.items(e.value, e.at, e.path, 'a list of steps');
    return (items ?? []).map((item, index) => readStep(issues, item.node, item.at, item.path, { section: name, index, idPrefix }))
      .filter((r): r is ReadStep => r !== undefined)
      .map((r) => (steps.push(r), r.step));
  };
  const preflight = section('preflight');
  const verify = section('verify');
  const upgrade = readUpgrade(issues, get('upgrade'));
  const rollback = readRollback(issues, get('rollback'));

  if (issues.list.length > before || !release || !namespace || !chart || !values || !upgrade || !rollback) return { steps };
  return { plan: { release, namespace, chart, version, values, set, preflight, upgrade, verify, rollback }, steps };
}

/** `upgrade: { flags, timeout, observe, on-verify-failure }`, flags and timeout reconciled (upgrade-flags.ts); the defaults when absent. */
function readUpgrade(issues: Issues, e: MapEntry | undefined): ReleasePlan['upgrade'] | undefined {
  const entries = e ? issues.entries(e.value, e.path, keysOf(UPGRADE_FIELDS)) : [];
  if (!entries) return undefined;
  const flagsEntry = entries.find((x) => x.key === 'flags');
  const timeoutEntry = entries.find((x) => x.key === 'timeout');
  const observeEntry = entries.find((x) => x.key === 'observe');
  const failureEntry = entries.find((x) => x.key === 'on-verify-failure');
  const observeMs = observeEntry ? (readField(issues, field(UPGRADE_FIELDS, 'observe'), observeEntry) as number | undefined) : DEFAULT_OBSERVE_MS;
  const onFailure = failureEntry ? (readField(issues, field(UPGRADE_FIELDS, 'on-verify-failure'), failureEntry) as VerifyFailureAction | undefined) : undefined;
  if (observeMs === undefined || (failureEntry && !onFailure)) return undefined;
  const flags = flagsEntry ? (readField(issues, field(UPGRADE_FIELDS, 'flags'), flagsEntry) as string[] | undefined) : undefined;
  const timeoutMs = timeoutEntry ? (readField(issues, field(UPGRADE_FIELDS, 'timeout'), timeoutEntry) as number | undefined) : undefined;
  if ((flagsEntry && !flags) || (timeoutEntry && timeoutMs === undefined)) return undefined;
  const settled = upgradeSettings(flags, timeoutMs);
  for (const p of settled.problems) {
    const items = isSeq(flagsEntry?.value) ? (flagsEntry.value.items as Node[]) : [];
    const at = p.index !== undefined ? items[p.index] ?? flagsEntry?.at : timeoutEntry?.at;
    issues.add(at, p.index !== undefined && flagsEntry ? joinPath(flagsEntry.path, p.index) : (timeoutEntry?.path ?? 'upgrade'), p.reason);
  }
  if (settled.problems.length) return undefined;
  return { flags: settled.flags, timeoutMs: settled.timeoutMs, observeMs, onVerifyFailure: onFailure ?? defaultVerifyFailure(settled.flags) };
}

/** `rollback: { notes, migrations }`; notes may be one string. */
function readRollback(issues: Issues, e: MapEntry | undefined): ReleasePlan['rollback'] | undefined {
  const entries = e ? issues.entries(e.value, e.path, keysOf(ROLLBACK_FIELDS)) : [];
  if (!entries) return undefined;
  const read = (key: string) => {
    const x = entries.find((y) => y.key === key);
    return x ? readField(issues, field(ROLLBACK_FIELDS, key), x) : defaultValue(field(ROLLBACK_FIELDS, key)) ?? null;
  };
  const notes = read('notes') as string[] | undefined;
  const migrations = read('migrations') as string | null | undefined;
  if (notes === undefined || migrations === undefined) return undefined;
  return { notes, migrationsForwardOnly: migrations === 'forward-only' };
}
