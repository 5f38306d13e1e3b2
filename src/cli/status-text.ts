// The text form of `helmdeck status`: aligned sections an SRE can paste
// into a change ticket as they are.
import type { StatusReport } from './status-report.js';

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

/** Renders the report as plain text (no colour: it is meant to be pasted). */
export function renderStatusText(r: StatusReport, context: string): string {
  const out: string[] = [];
  const rel = r.release!;
  out.push(`Release ${rel.name} (namespace ${rel.namespace}, context ${context}): revision ${rel.revision}, ${rel.status}`);
  out.push(`Chart ${rel.chart}, app version ${rel.appVersion || '-'}${rel.description ? ` — ${rel.description}` : ''}`);
  out.push('', 'History');
  out.push(...table(['REVISION', 'STATUS', 'CHART', 'APP VERSION', 'UPDATED', 'DESCRIPTION'], r.history.map((h) => [String(h.revision), h.status, h.chart, h.appVersion, h.updated, h.description])));
  out.push('', 'Workloads');
  if (!r.workloads.length) out.push('  (none in the deployed manifest)');
  else {
    out.push(
      ...table(
        ['WORKLOAD', 'UPDATED', 'READY', 'AVAILABLE', 'STATUS', 'MESSAGE'],
        r.workloads.map((w) => [`${w.kind}/${w.name}`, `${w.updated}/${w.desired}`, `${w.ready}/${w.desired}`, `${w.available}/${w.desired}`, w.status, w.message]),
      ),
    );
    for (const w of r.workloads) for (const b of w.blockers) out.push(`    ${w.kind}/${w.name} held back by ${b.pod}: ${b.reason}`);
  }
  out.push('', 'Pods');
  if (!r.pods.length) out.push('  (none)');
  else out.push(...table(['POD', 'READY', 'STATUS', 'RESTARTS', 'IMAGES'], r.pods.map((p) => [p.name, p.readyContainers, p.reason, String(p.restarts), p.images.join(',')])));
  if (r.hpas.length) {
    out.push('', 'HPAs');
    out.push(...table(['HPA', 'REPLICAS', 'MIN-MAX', 'STATUS', 'NOTES'], r.hpas.map((h) => [h.name, `${h.current}→${h.desired}`, `${h.min}-${h.max}`, h.status, h.reasons.join('; ')])));
  }
  if (r.lag) {
    out.push('', 'Consumer lag');
    if (!r.lag.length) out.push('  (no consumer groups reported)');
    else out.push(...table(['GROUP', 'TOPIC', 'LAG', 'STATUS', 'SOURCE'], r.lag.map((l) => [l.group, l.topic, l.lag === null ? 'unknown' : String(l.lag), l.status, l.source])));
  }
  if (r.warnings.length) {
    out.push('', 'Warnings');
    for (const w of r.warnings) out.push(`  ! ${w}`);
  }
  return out.join('\n') + '\n';
}
