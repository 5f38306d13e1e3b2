import { describe, expect, it } from 'vitest';
import { hpaHealth, type HpaHealth } from '../../../src/status/index.js';
import { fixture } from './load.js';

interface Row {
  file: string;
  status: HpaHealth['status'];
  replicas: [min: number, max: number, current: number, desired: number];
  metrics: Array<[name: string, current: string | undefined, target: string]>;
  /** Substrings, one per expected reason, in order. */
  reasons: string[];
}

const rows: Row[] = [
  { file: 'hpa-ok', status: 'ok', replicas: [3, 10, 3, 3], metrics: [['cpu', '42%', '70%']], reasons: [] },
  { file: 'hpa-at-max', status: 'warning', replicas: [3, 10, 10, 10], metrics: [['cpu', '138%', '70%']], reasons: ['pinned at max: 10/10'] },
  {
    file: 'hpa-unknown-metrics', status: 'failed', replicas: [3, 10, 3, 0], metrics: [['cpu', undefined, '70%']],
    // desiredReplicas is 0 because nothing could be computed: no "scaling 3 → 0".
    reasons: ['metrics unknown, the HPA is not scaling (FailedGetResourceMetric: the HPA was unable to compute the replica count'],
  },
  {
    file: 'hpa-partial-metrics', status: 'warning', replicas: [2, 12, 2, 2],
    metrics: [['cpu', '35%', '70%'], ['kafka_consumergroup_lag', undefined, '100']],
    reasons: ['metrics unknown: kafka_consumergroup_lag'],
  },
  { file: 'hpa-below-min', status: 'warning', replicas: [3, 10, 2, 3], metrics: [['cpu', '12%', '70%']], reasons: ['below min: 2 replicas, minReplicas is 3', 'scaling: 2 → 3 replicas'] },
  {
    file: 'hpa-scaling-lag', status: 'warning', replicas: [2, 12, 4, 8],
    metrics: [['cpu', '55%', '70%'], ['kafka_consumergroup_lag', '250', '100']],
    reasons: ['scaling: 4 → 8 replicas'],
  },
  { file: 'hpa-cannot-scale', status: 'failed', replicas: [3, 10, 3, 3], metrics: [['cpu', '40%', '70%']], reasons: ['cannot scale (FailedGetScale: '] },
  { file: 'hpa-new', status: 'unknown', replicas: [3, 10, 0, 0], metrics: [['cpu', undefined, '70%']], reasons: ['has not reported a status yet'] },
];

describe('hpaHealth', () => {
  it.each(rows)('$file → $status', (row) => {
    const h = hpaHealth(fixture(`hpa/${row.file}`));
    expect(h.status).toBe(row.status);
    expect([h.min, h.max, h.current, h.desired]).toEqual(row.replicas);
    expect(h.metrics.map((m) => [m.name, m.current, m.target])).toEqual(row.metrics);
    expect(h.reasons).toHaveLength(row.reasons.length);
    row.reasons.forEach((r, i) => expect(h.reasons[i]).toContain(r));
  });

  it('names the HPA and what it scales', () => {
    expect(hpaHealth(fixture('hpa/hpa-scaling-lag'))).toMatchObject({ name: 'order-consumer', namespace: 'shop', target: 'Deployment/order-consumer' });
  });

  it('is not pinned at max while the controller is content at max', () => {
    const hpa = fixture('hpa/hpa-at-max');
    hpa.status.conditions = hpa.status.conditions.map((c: any) =>
      c.type === 'ScalingLimited' ? { ...c, status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' } : c);
    expect(hpaHealth(hpa)).toMatchObject({ status: 'ok', reasons: [] });
  });

  it('matches metrics by type and name when the status lists them in another order', () => {
    const hpa = fixture('hpa/hpa-scaling-lag');
    hpa.status.currentMetrics.reverse();
    expect(hpaHealth(hpa).metrics.map((m) => m.current)).toEqual(['55%', '250']);
  });

  it('treats ScalingDisabled (target scaled to zero) as a warning, not broken metrics', () => {
    const hpa = fixture('hpa/hpa-unknown-metrics');
    hpa.status.currentReplicas = 0;
    hpa.status.conditions = hpa.status.conditions.map((c: any) =>
      c.type === 'ScalingActive' ? { ...c, reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' } : c);
    const h = hpaHealth(hpa);
    expect(h.status).toBe('warning');
    expect(h.reasons).toEqual(['scaling is disabled (ScalingDisabled: scaling is disabled since the replica count of the target is zero)']);
  });
});
