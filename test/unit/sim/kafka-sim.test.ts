import { afterEach, describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { createKafkaSim } from '../../../src/sim/kafka/index.js';
import { makeContext, run, waitFor } from '../../helpers/sim-context.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function consumer(ctx: SimContext, kafka: string, rate?: string): void {
  const envs = [{ name: 'KUBESIM_KAFKA', value: kafka }, ...(rate ? [{ name: 'KUBESIM_KAFKA_RATE', value: rate }] : [])];
  ctx.store.create(RT.deployments, {
    metadata: { name: 'processor', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'processor' } }, template: { metadata: { labels: { app: 'processor' } }, spec: { containers: [{ name: 'p', image: 'proc:1', env: envs }] } } },
  });
}

function readyPod(ctx: SimContext, name: string): void {
  ctx.store.create(RT.pods, {
    metadata: { name, namespace: 'default', labels: { app: 'processor' } },
    spec: { containers: [{ name: 'p', image: 'proc:1' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
}

/** Parses Prometheus text into name{labels} → value, checking every line's shape. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ')) continue;
    const t = /^# TYPE (\w+) gauge$/.exec(line);
    if (t) {
      typed.add(t[1]!);
      continue;
    }
    const m = /^(\w+)(\{(?:\w+="[^"]*",?)*\})? (-?\d+(?:\.\d+)?)$/.exec(line);
    if (!m) throw new Error(`bad metrics line: ${line}`);
    if (!typed.has(m[1]!)) throw new Error(`sample before its TYPE: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

describe('Kafka consumer simulation', () => {
  it('grows lag while no pod is ready and drains it once pods are', async () => {
    const ctx = makeContext(50);
    const kafka = createKafkaSim(ctx);
    stop = run(ctx, [kafka]);
    consumer(ctx, 'event-processor/events/6');
    const lagging = await waitFor(() => {
      const g = kafka.groups()[0];
      return g && g.lagSum >= 6 * 50 * 3 && g;
    });
    expect(lagging).toMatchObject({ group: 'event-processor', topic: 'events', members: 0, rate: 50 });
    expect(lagging.partitions).toHaveLength(6);
    expect(lagging.partitions.every((p) => p.lag > 0 && p.currentOffset === lagging.partitions[0]!.currentOffset)).toBe(true);
    const peak = lagging.lagSum;
    readyPod(ctx, 'processor-a');
    readyPod(ctx, 'processor-b');
    const drained = await waitFor(() => {
      const g = kafka.groups()[0]!;
      return g.members === 2 && g.lagSum === 0 && g;
    });
    expect(drained.partitions[0]!.currentOffset).toBeGreaterThan(lagging.partitions[0]!.currentOffset + peak / 6 - 1);
    expect(drained.partitions[0]!.logEndOffset).toBe(drained.partitions[0]!.currentOffset);
  });

  it('renders kafka_exporter metrics that parse', async () => {
    const ctx = makeContext(50);
    const kafka = createKafkaSim(ctx);
    stop = run(ctx, [kafka]);
    consumer(ctx, 'orders/orders/3', '10');
    await waitFor(() => (kafka.groups()[0]?.lagSum ?? 0) >= 30);
    const text = kafka.metricsText();
    expect(text).toContain('# HELP kafka_consumergroup_lag Current Approximate Lag of a ConsumerGroup at Topic/Partition\n# TYPE kafka_consumergroup_lag gauge\n');
    const m = parse(text);
    const g = kafka.groups()[0]!;
    expect(m.get('kafka_topic_partitions{topic="orders"}')).toBe(3);
    expect(m.get('kafka_consumergroup_members{consumergroup="orders"}')).toBe(0);
    const lags = [0, 1, 2].map((p) => m.get(`kafka_consumergroup_lag{consumergroup="orders",partition="${p}",topic="orders"}`)!);
    expect(lags.every((l) => l >= 10)).toBe(true);
    expect(m.get('kafka_consumergroup_lag_sum{consumergroup="orders",topic="orders"}')).toBe(lags.reduce((a, b) => a + b, 0));
    expect(m.get('kafka_topic_partition_current_offset{partition="0",topic="orders"}')).toBe(
      m.get('kafka_consumergroup_current_offset{consumergroup="orders",partition="0",topic="orders"}')! + lags[0]!,
    );
    expect(g.lagSum).toBeGreaterThanOrEqual(lags.reduce((a, b) => a + b, 0));
  });
});
