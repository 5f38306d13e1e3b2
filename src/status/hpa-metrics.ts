// An HPA's metrics as `kubectl get hpa`'s TARGETS column shows them
// (formatHPAMetrics): each spec metric paired with its current value, which
// the controller reports at the same index, or not at all when it cannot read it.
import type { MetricEntry, MetricValue } from './types.js';

/** One metric the HPA scales on: current is undefined when the controller could not read it. */
export interface HpaMetric {
  name: string;
  /** The MetricSpec type: Resource, ContainerResource, Pods, Object, External. */
  type: string;
  current?: string;
  target?: string;
}

/** Pair each spec metric with its status entry and format both like kubectl. */
export function hpaMetrics(specs: readonly MetricEntry[] = [], statuses: readonly MetricEntry[] = []): HpaMetric[] {
  return specs.map((spec, i) => {
    const name = metricName(spec);
    const at = statuses[i];
    // Same index first, as kubectl reads it; fall back to a search if the order differs.
    const status = at && at.type === spec.type && metricName(at) === name
      ? at
      : statuses.find((s) => s.type === spec.type && metricName(s) === name);
    const target = source(spec)?.target;
    const current = status ? source(status)?.current : undefined;
    return { name, type: spec.type, current: format(current, target), target: format(target, target) };
  });
}

/** The metric's display name: the resource name, container/resource, or the custom metric's name. */
export function metricName(m: MetricEntry): string {
  switch (m.type) {
    case 'Resource':
      return m.resource?.name ?? '';
    case 'ContainerResource':
      return `${m.containerResource?.container ?? ''}/${m.containerResource?.name ?? ''}`;
    case 'Pods':
      return m.pods?.metric.name ?? '';
    case 'Object': {
      const d = m.object?.describedObject;
      const on = d?.kind && d.name ? ` on ${d.kind.toLowerCase()}/${d.name}` : '';
      return `${m.object?.metric.name ?? ''}${on}`;
    }
    case 'External':
      return m.external?.metric.name ?? '';
    default:
      return m.type || '<unknown>';
  }
}

function source(m: MetricEntry): { target?: MetricValue; current?: MetricValue } | undefined {
  switch (m.type) {
    case 'Resource':
      return m.resource;
    case 'ContainerResource':
      return m.containerResource;
    case 'Pods':
      return m.pods;
    case 'Object':
      return m.object;
    case 'External':
      return m.external;
    default:
      return undefined;
  }
}

// Show the value in the form the target asks for: utilisation as a percentage,
// else the average or total quantity verbatim ("500m", "1k").
function format(v: MetricValue | undefined, target: MetricValue | undefined): string | undefined {
  if (!v) return undefined;
  const kind = target?.type ?? (v.averageUtilization !== undefined ? 'Utilization' : v.averageValue !== undefined ? 'AverageValue' : 'Value');
  if (kind === 'Utilization') return v.averageUtilization !== undefined ? `${v.averageUtilization}%` : undefined;
  if (kind === 'AverageValue') return v.averageValue ?? undefined;
  return v.value ?? v.averageValue ?? undefined;
}
