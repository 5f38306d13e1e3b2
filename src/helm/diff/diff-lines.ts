// A release diff as the lines the checklist evidence, the rollback preview and
// the journal show: chart, app version, images, values, then each object.
import type { ReleaseDiff } from './diff-release.js';

/** The diff as display lines: chart, app version, images, values, then each object. */
export function diffLines(d: ReleaseDiff): string[] {
  const lines: string[] = [];
  if (d.chartChange) lines.push(`chart: ${d.chartChange.from} → ${d.chartChange.to}`);
  if (d.appVersionChange) lines.push(`app version: ${d.appVersionChange.from} → ${d.appVersionChange.to}`);
  for (const i of d.imageChanges) lines.push(`image ${i.workload} ${i.container}: ${i.from ?? '(new)'} → ${i.to ?? '(gone)'}`);
  if (d.values.length) lines.push('values:', ...d.values);
  for (const o of d.objects) lines.push(`${o.change} ${o.kind}/${o.name}${o.hook ? ' (hook)' : ''}`, ...o.lines);
  return lines;
}
