// The stand-in for metrics-server that the HPA reads: a workload's
// `kubesim.helmdeck.dev/<resource>` annotation is its pods' average
// utilisation (percent of request). The replica arithmetic follows the real
// replica calculator: ready pods only, 10% tolerance, unready pods counted as
// idle when scaling up.
import type { SimContext } from '../context.js';
import { matcherFromLabelSelector } from '../store/selectors.js';
import type { KObject } from '../store/types.js';
import { RT } from '../api/resources.js';
import { containerRequests, formatCpu, parseQuantity } from './quantity.js';

/** The annotation prefix that scripts a workload's resource utilisation. */
export const UTILIZATION_ANNOTATION = 'kubesim.helmdeck.dev/';
const TOLERANCE = 0.1;

/** What the metrics say for one HPA: proposed replicas (undefined when every metric failed). */
export interface MetricsResult {
  replicas?: number;
  statuses: Record<string, any>[];
  metricName: string;
  invalidReason?: string;
  invalidMessage?: string;
  events: { reason: string; message: string }[];
}

function formatQuantity(resource: string, value: number): string {
  if (resource === 'cpu') return formatCpu(value);
  const mi = value / 2 ** 20;
  return Number.isInteger(mi) ? `${mi}Mi` : String(Math.round(value));
}

/** The target's pods the HPA counts: matching its selector, not terminating or finished. */
export function targetPods(ctx: SimContext, target: KObject): KObject[] {
  let match: ReturnType<typeof matcherFromLabelSelector>;
  try {
    match = matcherFromLabelSelector(target.spec?.selector);
  } catch {
    return [];
  }
  return ctx.store
    .list(RT.pods, target.metadata.namespace)
    .filter((p) => match(p.metadata.labels) && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/** Whether a pod reports condition Ready=True. */
export function podIsReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** GetResourceReplicas: the replica count that brings utilisation to target. */
function replicasFor(ratio: number, current: number, ready: number, unready: number): number {
  if (unready === 0 || ratio < 1) {
    if (Math.abs(1 - ratio) <= TOLERANCE) return current;
    return Math.ceil(ratio * ready);
  }
  // Scaling up with unready pods: assume they use nothing, then re-check direction.
  const adjusted = (ratio * ready) / (ready + unready);
  if (Math.abs(1 - adjusted) <= TOLERANCE || adjusted < 1) return current;
  return Math.ceil(adjusted * (ready + unready));
}

/** Evaluates every metric of an HPA against its target workload. */
export function computeMetrics(ctx: SimContext, hpa: KObject, target: KObject, current: number): MetricsResult {
  const specs: any[] = hpa.spec?.metrics?.length ? hpa.spec.metrics : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  const pods = targetPods(ctx, target);
  const ready = pods.filter(podIsReady).length;
  const result: MetricsResult = { statuses: [], metricName: '', events: [] };
  let best: number | undefined;
  let invalid = 0;
  let firstError = '';
  for (const m of specs) {
    const source = m.type === 'ContainerResource' ? m.containerResource : m.type === 'Resource' ? m.resource : undefined;
    const fail = (reason: string, err: string, wrapped: string) => {
      invalid++;
      result.events.push({ reason, message: err });
      if (!result.invalidReason) {
        result.invalidReason = reason;
        result.invalidMessage = err;
        firstError = wrapped;
      }
    };
    if (!source) {
      const name = m[String(m.type).charAt(0).toLowerCase() + String(m.type).slice(1)]?.metric?.name ?? 'unknown';
      fail(`FailedGet${m.type}Metric`, `unable to get metric ${name}: no metrics returned from custom metrics API`, `failed to get ${name} metric value: unable to get metric ${name}`);
      continue;
    }
    const resource: string = source.name;
    const raw = target.metadata.annotations?.[`${UTILIZATION_ANNOTATION}${resource}`];
    const utilization = raw === undefined ? NaN : Number(raw);
    const reason = m.type === 'ContainerResource' ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
    if (!Number.isFinite(utilization)) {
      const err = `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`;
      fail(reason, err, `failed to get ${resource} resource metric value: failed to get ${resource} utilization: ${err}`);
      continue;
    }
    if (pods.length === 0 || ready === 0) {
      const err = pods.length === 0 ? 'no pods returned by selector while calculating replica count' : 'did not receive metrics for targeted pods (pods might be unready)';
      fail(reason, err, `failed to get ${resource} resource metric value: failed to get ${resource} utilization: ${err}`);
      continue;
    }
    // Per-pod request (a pod without one is taken as one core / one GiB, so values stay readable).
    const request: number = (pods[0]!.spec?.containers ?? []).reduce((sum: number, c: any) => sum + (containerRequests(c)[resource] ?? 0), 0);
    const perPod = ((request || (resource === 'cpu' ? 1 : 2 ** 30)) * utilization) / 100;
    const t = source.target ?? {};
    let ratio: number;
    let value: Record<string, any>;
    if (t.type === 'AverageValue' || (t.averageValue !== undefined && t.averageUtilization === undefined)) {
      const want = parseQuantity(t.averageValue);
      ratio = perPod / (want > 0 ? want : 1);
      value = { averageValue: formatQuantity(resource, perPod) };
      result.metricName ||= `${resource} resource`;
    } else {
      ratio = utilization / (t.averageUtilization || 80);
      value = { averageUtilization: Math.round(utilization), averageValue: formatQuantity(resource, perPod) };
      result.metricName ||= `${resource} resource utilization (percentage of request)`;
    }
    const replicas = replicasFor(ratio, current, ready, pods.length - ready);
    best = best === undefined ? replicas : Math.max(best, replicas);
    result.statuses.push(
      m.type === 'ContainerResource'
        ? { type: 'ContainerResource', containerResource: { name: resource, container: source.container, current: value } }
        : { type: 'Resource', resource: { name: resource, current: value } },
    );
  }
  if (invalid === specs.length) {
    result.events.push({ reason: 'FailedComputeMetricsReplicas', message: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError}` });
    return result;
  }
  // With some metrics missing the HPA may scale up but never down.
  result.replicas = invalid > 0 && best! < current ? current : best;
  return result;
}
