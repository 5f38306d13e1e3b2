// A simulated Kafka cluster for consumer workloads: a Deployment or
// StatefulSet whose pod template sets KUBESIM_KAFKA=group/topic/partitions is
// a consumer group. Messages arrive at a steady rate per partition; the group
// consumes in proportion to its ready pods (up to one per partition), so lag
// builds while the workload is down and drains once it is back.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { podIsReady } from '../kubelet/resource-metrics.js';
import { envValue } from '../kubelet/script.js';
import { matcherFromLabelSelector } from '../store/selectors.js';
import type { KObject } from '../store/types.js';
import { renderKafkaMetrics, type GroupSnapshot } from './metrics-text.js';

/** Default messages per second per partition (KUBESIM_KAFKA_RATE overrides). */
export const DEFAULT_RATE = 50;
/** A member's default throughput as a multiple of the topic's whole arrival rate (KUBESIM_KAFKA_CAPACITY overrides, msgs/s). */
export const DEFAULT_CAPACITY_FACTOR = 1.5;

interface Topic {
  offsets: number[];
  carry: number[];
  rate: number;
}

interface Group {
  group: string;
  topic: string;
  committed: number[];
  carry: number[];
  members: number;
  capacity: number;
  workloads: string[];
}

interface Declaration {
  group: string;
  topic: string;
  partitions: number;
  rate: number;
  capacity?: number;
  members: number;
  workload: string;
}

/** The simulated Kafka: a controller that ticks every simulated second, plus its state. */
export type KafkaSim = Controller & { metricsText(): string; groups(): GroupSnapshot[] };

function declaration(ctx: SimContext, w: KObject, kind: string): Declaration | undefined {
  const container = (w.spec?.template?.spec?.containers ?? []).find((c: any) => envValue(c, 'KUBESIM_KAFKA') !== undefined);
  if (!container) return undefined;
  const [group, topic, parts] = envValue(container, 'KUBESIM_KAFKA')!.split('/').map((s) => s.trim());
  if (!group || !topic) return undefined;
  const partitions = Math.max(1, Math.floor(Number(parts ?? 1)) || 1);
  const rateText = envValue(container, 'KUBESIM_KAFKA_RATE');
  const rate = rateText !== undefined && Number(rateText) >= 0 ? Number(rateText) : DEFAULT_RATE;
  const capText = envValue(container, 'KUBESIM_KAFKA_CAPACITY');
  const capacity = capText !== undefined && Number(capText) >= 0 ? Number(capText) : undefined;
  let match: ReturnType<typeof matcherFromLabelSelector>;
  try {
    match = matcherFromLabelSelector(w.spec?.selector);
  } catch {
    match = () => false;
  }
  const members = ctx.store
    .list(RT.pods, w.metadata.namespace)
    .filter((p) => match(p.metadata.labels) && !p.metadata.deletionTimestamp && podIsReady(p)).length;
  return { group, topic, partitions, rate, capacity, members, workload: `${w.metadata.namespace}/${kind}/${w.metadata.name}` };
}

/** Creates the Kafka consumer-group simulation. */
export function createKafkaSim(ctx: SimContext, opts: { tickMs?: number } = {}): KafkaSim {
  const tickMs = opts.tickMs ?? 1000;
  const topics = new Map<string, Topic>();
  const groups = new Map<string, Group>();
  let timer: NodeJS.Timeout | undefined;

  function grow(arr: number[], n: number, fill: number): void {
    while (arr.length < n) arr.push(fill);
  }

  function tick(): void {
    const decls = [
      ...ctx.store.list(RT.deployments).map((w) => declaration(ctx, w, 'Deployment')),
      ...ctx.store.list(RT.statefulsets).map((w) => declaration(ctx, w, 'StatefulSet')),
    ].filter((d): d is Declaration => !!d);
    for (const g of groups.values()) {
      g.members = 0;
      g.workloads = [];
    }
    for (const d of decls) {
      let t = topics.get(d.topic);
      if (!t) topics.set(d.topic, (t = { offsets: [], carry: [], rate: d.rate }));
      t.rate = Math.max(t.rate, d.rate);
      // Partitions can be added to a topic, never removed.
      grow(t.offsets, d.partitions, 0);
      grow(t.carry, d.partitions, 0);
      const key = `${d.group}\u0000${d.topic}`;
      let g = groups.get(key);
      // A new group starts at the latest offsets, as with auto.offset.reset=latest.
      if (!g) groups.set(key, (g = { group: d.group, topic: d.topic, committed: [...t.offsets], carry: [], members: 0, capacity: 0, workloads: [] }));
      g.members += d.members;
      g.capacity = d.capacity ?? DEFAULT_CAPACITY_FACTOR * t.rate * t.offsets.length;
      g.workloads.push(d.workload);
    }
    const seconds = tickMs / 1000;
    for (const t of topics.values()) {
      for (let p = 0; p < t.offsets.length; p++) {
        const due = t.rate * seconds + t.carry[p]!;
        t.offsets[p]! += Math.floor(due);
        t.carry[p] = due - Math.floor(due);
      }
    }
    for (const g of groups.values()) {
      const t = topics.get(g.topic)!;
      const n = t.offsets.length;
      grow(g.committed, n, 0);
      grow(g.carry, n, 0);
      // Consumers beyond the partition count sit idle, as in Kafka.
      const perPartition = (Math.min(g.members, n) * g.capacity * seconds) / n;
      for (let p = 0; p < n; p++) {
        const lag = t.offsets[p]! - g.committed[p]!;
        const budget = perPartition + g.carry[p]!;
        const take = Math.min(lag, Math.floor(budget));
        g.committed[p]! += take;
        g.carry[p] = take < lag ? budget - Math.floor(budget) : 0;
      }
    }
  }

  function snapshot(): GroupSnapshot[] {
    return [...groups.values()]
      .map((g) => {
        const t = topics.get(g.topic)!;
        const partitions = t.offsets.map((end, p) => ({ partition: p, logEndOffset: end, currentOffset: g.committed[p] ?? 0, lag: end - (g.committed[p] ?? 0) }));
        return { group: g.group, topic: g.topic, members: g.members, rate: t.rate, partitions, lagSum: partitions.reduce((a, p) => a + p.lag, 0), workloads: [...g.workloads] };
      })
      .sort((a, b) => (a.group === b.group ? a.topic.localeCompare(b.topic) : a.group.localeCompare(b.group)));
  }

  return {
    name: 'kafka',
    start() {
      tick();
      timer = ctx.clock.every(tickMs, tick);
    },
    stop() {
      ctx.clock.cancel(timer);
    },
    metricsText: () => renderKafkaMetrics(snapshot()),
    groups: snapshot,
  };
}
