// Renders consumer-group state in kafka_exporter's Prometheus text format, so
// whatever scrapes kubesim sees the metric names and labels it would see from
// danielqsj/kafka_exporter in a real cluster.

/** One partition of a topic as a consumer group sees it. */
export interface PartitionSnapshot {
  partition: number;
  /** The topic's log-end offset (kafka_topic_partition_current_offset). */
  logEndOffset: number;
  /** The group's committed offset (kafka_consumergroup_current_offset). */
  currentOffset: number;
  lag: number;
}

/** A consumer group reading one topic. */
export interface GroupSnapshot {
  group: string;
  topic: string;
  /** Ready consumer pods (kafka_consumergroup_members). */
  members: number;
  /** Messages per second per partition arriving on the topic. */
  rate: number;
  partitions: PartitionSnapshot[];
  lagSum: number;
  /** "namespace/Kind/name" of the workloads that declare the group. */
  workloads: string[];
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string | number>): string {
  if (Object.keys(pairs).length === 0) return '';
  return `{${Object.keys(pairs)
    .sort()
    .map((k) => `${k}="${escapeLabel(String(pairs[k]))}"`)
    .join(',')}}`;
}

interface Family {
  help: string;
  samples: string[];
}

/** The exposition text for every group, metric families in name order like the Go client. */
export function renderKafkaMetrics(groups: GroupSnapshot[]): string {
  const families = new Map<string, Family>();
  const add = (name: string, help: string, l: Record<string, string | number>, value: number) => {
    if (!families.has(name)) families.set(name, { help, samples: [] });
    families.get(name)!.samples.push(`${name}${labels(l)} ${value}`);
  };
  const topics = new Map<string, PartitionSnapshot[]>();
  for (const g of groups) {
    if (!topics.has(g.topic)) topics.set(g.topic, g.partitions);
    let offsetSum = 0;
    for (const p of g.partitions) {
      add('kafka_consumergroup_current_offset', 'Current Offset of a ConsumerGroup at Topic/Partition', { consumergroup: g.group, partition: p.partition, topic: g.topic }, p.currentOffset);
      add('kafka_consumergroup_lag', 'Current Approximate Lag of a ConsumerGroup at Topic/Partition', { consumergroup: g.group, partition: p.partition, topic: g.topic }, p.lag);
      offsetSum += p.currentOffset;
    }
    add('kafka_consumergroup_current_offset_sum', 'Current Offset of a ConsumerGroup at Topic for all partitions', { consumergroup: g.group, topic: g.topic }, offsetSum);
    add('kafka_consumergroup_lag_sum', 'Current Approximate Lag of a ConsumerGroup at Topic for all partitions', { consumergroup: g.group, topic: g.topic }, g.lagSum);
    add('kafka_consumergroup_members', 'Amount of members in a consumer group', { consumergroup: g.group }, g.members);
  }
  for (const [topic, partitions] of topics) {
    add('kafka_topic_partitions', 'Number of partitions for this Topic', { topic }, partitions.length);
    for (const p of partitions) {
      add('kafka_topic_partition_current_offset', 'Current Offset of a Broker at Topic/Partition', { partition: p.partition, topic }, p.logEndOffset);
    }
  }
  add('kafka_brokers', 'Number of Brokers in the Kafka Cluster.', {}, 3);
  const out: string[] = [];
  for (const name of [...families.keys()].sort()) {
    const f = families.get(name)!;
    out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} gauge`, ...f.samples.sort());
  }
  return `${out.join('\n')}\n`;
}
