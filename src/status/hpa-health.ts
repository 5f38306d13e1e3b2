// Whether an HPA can do its job through the upgrade window: metrics readable,
// room above the current replica count, not fighting its own limits. This is
// the runbook's `hpa-valid` gate and the HPA pane's colour.
import { hpaMetrics, type HpaMetric } from './hpa-metrics.js';
import { count, findCondition } from './fields.js';
import type { HorizontalPodAutoscaler } from './types.js';

export type { HpaMetric } from './hpa-metrics.js';

/** The HPA pane's row and the hpa-valid gate's evidence. */
export interface HpaHealth {
  name: string;
  namespace?: string;
  /** "Deployment/web": what the HPA scales. */
  target?: string;
  min: number;
  max: number;
  current: number;
  desired: number;
  metrics: HpaMetric[];
  status: 'ok' | 'warning' | 'failed' | 'unknown';
  /** One sentence per finding, worst first. */
  reasons: string[];
}

/** Health of an autoscaling/v2 HorizontalPodAutoscaler. */
export function hpaHealth(hpa: HorizontalPodAutoscaler): HpaHealth {
  const spec = hpa.spec ?? {};
  const st = hpa.status;
  const ref = spec.scaleTargetRef;
  const row = {
    name: hpa.metadata?.name ?? '',
    namespace: hpa.metadata?.namespace,
    target: ref?.kind && ref.name ? `${ref.kind}/${ref.name}` : undefined,
    min: count(spec.minReplicas, 1),
    max: count(spec.maxReplicas),
    current: count(st?.currentReplicas),
    desired: count(st?.desiredReplicas),
    metrics: hpaMetrics(spec.metrics, st?.currentMetrics),
  };
  // The controller sets its conditions on its first sync; before that desiredReplicas is a bare 0.
  if (!st || !st.conditions?.length) {
    return { ...row, status: 'unknown', reasons: ['the HPA controller has not reported a status yet'] };
  }

  const failed: string[] = [];
  const warnings: string[] = [];
  const cond = (type: string) => findCondition(st.conditions, type);
  const why = (c: { reason?: string; message?: string }) => [c.reason, c.message].filter(Boolean).join(': ');

  const able = cond('AbleToScale');
  if (able?.status === 'False') failed.push(`cannot scale (${why(able)})`);

  const active = cond('ScalingActive');
  if (active?.status === 'False') {
    // ScalingDisabled means the target was scaled to zero on purpose: worth a look, not broken.
    if (active.reason === 'ScalingDisabled') warnings.push(`scaling is disabled (${why(active)})`);
    else failed.push(`metrics unknown, the HPA is not scaling (${why(active)})`);
  } else {
    const unknown = row.metrics.filter((m) => m.current === undefined).map((m) => m.name);
    if (unknown.length > 0) warnings.push(`metrics unknown: ${unknown.join(', ')}`);
  }

  const limited = cond('ScalingLimited');
  const wantsMore = (limited?.status === 'True' && limited.reason === 'TooManyReplicas') || row.desired > row.max;
  if (row.max > 0 && row.current >= row.max && wantsMore) {
    warnings.push(`pinned at max: ${row.current}/${row.max} replicas and it wants more — no headroom for extra load during the upgrade`);
  }
  if (row.current < row.min && active?.reason !== 'ScalingDisabled') warnings.push(`below min: ${row.current} replicas, minReplicas is ${row.min}`);
  // With metrics unreadable desiredReplicas is meaningless (often 0), so do not report a scale.
  if (row.desired !== row.current && active?.status !== 'False') warnings.push(`scaling: ${row.current} → ${row.desired} replicas`);

  const status = failed.length > 0 ? 'failed' : warnings.length > 0 ? 'warning' : 'ok';
  return { ...row, status, reasons: [...failed, ...warnings] };
}
