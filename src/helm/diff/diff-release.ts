// "What would this upgrade (or rollback) change?": the deployed revision
// against a target — values, objects, chart and app version, images. Used by
// the `diff` preflight check and by the history pane before a rollback.
import { stringify } from 'yaml';
import type { HelmRevision } from '../release-types.js';
import { imagesOf, parseManifest, type ManifestObject } from '../manifest.js';
import { maskCredentials } from '../actions/credential.js';
import { lineDiff, unified } from './line-diff.js';
import { diffObjects, type ObjectDiff } from './object-diff.js';

/** A container whose image differs; `from`/`to` is absent when the container is new/gone. */
export interface ImageChange {
  /** Kind/name of the workload, e.g. Deployment/shop-web. */
  workload: string;
  container: string;
  from?: string;
  to?: string;
}

/** Everything that differs between the deployed revision and the target. */
export interface ReleaseDiff {
  /** The user-supplied values as YAML (keys sorted, credentials masked), folded diff lines. */
  values: string[];
  objects: ObjectDiff[];
  chartChange?: { from: string; to: string };
  appVersionChange?: { from: string; to: string };
  imageChanges: ImageChange[];
}

/** The target of the diff: what helm rendered for the upgrade (or the revision rolled back to). */
export interface DiffTarget {
  deployed: HelmRevision;
  /** The target's manifest, hooks included (helm template output, or renderTarget's). */
  renderedManifest: string;
  /** The target's user-supplied values (helm's `config`). */
  newValues: Record<string, unknown>;
  chart: { name: string; version: string; appVersion: string };
}

/** Computes the release diff; pure. */
export function diffRelease(t: DiffTarget): ReleaseDiff {
  const before = revisionObjects(t.deployed);
  const after = parseManifest(t.renderedManifest);
  const d = t.deployed.chart;
  const diff: ReleaseDiff = {
    values: unified(lineDiff(valuesLines(maskCredentials(t.deployed.config)), valuesLines(maskCredentials(t.newValues, t.deployed.config)))),
    objects: diffObjects(before, after, t.deployed.namespace),
    imageChanges: imageChanges(before, after),
  };
  if (d.name !== t.chart.name || d.version !== t.chart.version) diff.chartChange = { from: `${d.name}-${d.version}`, to: `${t.chart.name}-${t.chart.version}` };
  if (d.appVersion !== t.chart.appVersion) diff.appVersionChange = { from: d.appVersion, to: t.chart.appVersion };
  return diff;
}

/** The objects of a stored revision: its manifest plus its hooks (helm keeps hooks apart). */
export function revisionObjects(rev: HelmRevision): ManifestObject[] {
  return parseManifest([rev.manifest, ...rev.hooks.map((h) => h.manifest)].join('\n---\n'));
}

function valuesLines(values: unknown): string[] {
  const text = stringify(values ?? {}, { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, '');
  return text === '{}' ? [] : text.split('\n');
}

/** Images per workload container that differ between two object lists. */
export function imageChanges(before: ManifestObject[], after: ManifestObject[]): ImageChange[] {
  const index = (objs: ManifestObject[]) => new Map(imagesOf(objs).map((i) => [`${i.kind}/${i.name}\u0000${i.container}${i.init ? ' (init)' : ''}`, i.image]));
  const a = index(before);
  const b = index(after);
  const out: ImageChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(key);
    const to = b.get(key);
    if (from === to) continue;
    const [workload, container] = key.split('\u0000') as [string, string];
    out.push({ workload, container, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return out;
}

/** The short form of a diff the journal and the change record keep. */
export interface DiffSummary {
  chartChange?: { from: string; to: string };
  appVersionChange?: { from: string; to: string };
  imageChanges: ImageChange[];
  valuesChanged: boolean;
  objects: { change: ObjectDiff['change']; kind: string; namespace: string; name: string; secretKeys?: ObjectDiff['secretKeys'] }[];
}

/** Reduces a diff to what a change record needs (no YAML bodies). */
export function summarizeDiff(d: ReleaseDiff): DiffSummary {
  return {
    ...(d.chartChange ? { chartChange: d.chartChange } : {}),
    ...(d.appVersionChange ? { appVersionChange: d.appVersionChange } : {}),
    imageChanges: d.imageChanges,
    valuesChanged: d.values.length > 0,
    objects: d.objects.map((o) => ({ change: o.change, kind: o.kind, namespace: o.namespace, name: o.name, ...(o.secretKeys ? { secretKeys: o.secretKeys } : {}) })),
  };
}
