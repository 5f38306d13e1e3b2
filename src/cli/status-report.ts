// The document `helmdeck status` prints: the live model of one release,
// reduced to the fields an SRE (or a pipeline) reads.
import type { DeckState } from '../store/index.js';
import { selectConnection, selectHistory, selectHpas, selectLag, selectRelease, selectReleasePods, selectReleaseWorkloads, selectWarnings } from '../store/index.js';

export interface StatusReport {
  release?: { name: string; namespace: string; revision: number; status: string; chart: string; appVersion: string; description: string };
  history: { revision: number; status: string; chart: string; appVersion: string; updated: string; description: string }[];
  workloads: { kind: string; name: string; desired: number; updated: number; ready: number; available: number; status: string; message: string; blockers: { pod: string; reason: string }[] }[];
  pods: { name: string; phase: string; ready: boolean; readyContainers: string; restarts: number; reason: string; images: string[] }[];
  hpas: { name: string; min: number; max: number; current: number; desired: number; status: string; reasons: string[] }[];
  lag?: { source: string; group: string; topic: string; lag: number | null; status: string; reasons: string[] }[];
  warnings: string[];
}

/** Builds the report from a synced store. */
export function buildStatusReport(state: DeckState, name: string, namespace: string, withLag: boolean): StatusReport {
  const summary = selectRelease(state, name, namespace);
  const warnings = [...selectWarnings(state)];
  for (const [resource, w] of selectConnection(state).watches) {
    if (w.state === 'forbidden') warnings.push(`${resource}: forbidden (${w.message}); that part of the model is missing`);
    else if (w.state === 'reconnecting') warnings.push(`${resource}: watch reconnecting since ${new Date(w.since).toISOString()} (${w.error})`);
  }
  const report: StatusReport = { history: [], workloads: [], pods: [], hpas: [], warnings };
  if (withLag) report.lag = [];
  if (!summary) return report;

  report.release = {
    name: summary.name,
    namespace: summary.namespace,
    revision: summary.revision,
    status: summary.status,
    chart: summary.chart,
    appVersion: summary.appVersion,
    description: summary.description,
  };
  if (summary.pending) {
    warnings.push(
      `release ${summary.name} is ${summary.status} (revision ${summary.revision}): another helm operation is running or was interrupted; ` +
        `helm refuses new upgrades until it ends — if no helm is running, roll back to the last deployed revision` +
        (summary.deployedRevision !== undefined ? ` (${summary.deployedRevision})` : ''),
    );
  }
  report.history = [...selectHistory(state, name, namespace)]
    .sort((a, b) => a.revision - b.revision)
    .map((h) => ({ revision: h.revision, status: h.status, chart: h.chart, appVersion: h.appVersion, updated: h.updated, description: h.description }));

  const workloads = selectReleaseWorkloads(state, name, { namespace });
  if (workloads.error) warnings.push(workloads.error);
  report.workloads = workloads.rows.map((w) => ({
    kind: w.kind,
    name: w.name,
    desired: w.status.desired,
    updated: w.status.updated,
    ready: w.status.ready,
    available: w.status.available,
    status: w.status.status,
    message: w.status.message,
    blockers: w.status.blockers.map((b) => ({ pod: b.pod, reason: b.reason })),
  }));
  report.pods = selectReleasePods(state, name, { namespace }).map((p) => ({
    name: p.health.name,
    phase: p.health.phase,
    ready: p.health.ready,
    readyContainers: p.health.readyText,
    restarts: p.health.restarts,
    reason: p.health.reason,
    images: p.health.images,
  }));
  report.hpas = selectHpas(state).map((h) => ({ name: h.name, min: h.min, max: h.max, current: h.current, desired: h.desired, status: h.status, reasons: h.reasons }));
  if (withLag) {
    const lag = selectLag(state);
    report.lag = lag.rows.map((r) => ({ source: r.source, group: r.group, topic: r.topic, lag: r.lag, status: r.status, reasons: r.reasons }));
    for (const e of lag.errors) warnings.push(`lag source ${e.source}: ${e.message}`);
  }
  return report;
}
