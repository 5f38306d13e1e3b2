// The one interface every consumer-lag source (Prometheus, a kafka_exporter
// endpoint, Burrow) is read through, and the sample it yields.

/** The kinds of lag source helmdeck can read. */
export type LagSourceKind = 'prometheus' | 'exporter' | 'burrow';

/** One reading of a consumer group's lag on one topic (and partition, where the source has it). */
export interface LagSample {
  group: string;
  topic: string;
  partition?: number;
  /**
   * Messages behind; null when unknown. kafka_exporter writes -1 for a
   * partition without a committed offset: that is unknown, never zero.
   */
  lag: number | null;
  /** Members of the group, when the source reports them. */
  members?: number;
  /** The source's own verdict for the partition (Burrow: OK, WARN, STOP, STALL...), informational. */
  sourceStatus?: string;
  /** When the value was read, epoch milliseconds. */
  at: number;
}

/** A place consumer lag is read from. */
export interface LagSource {
  readonly kind: LagSourceKind;
  readonly url: string;
  /** Reads the lag of the given groups now (all groups the source knows when omitted). */
  sample(groups?: string[]): Promise<LagSample[]>;
}

/** Options every HTTP source takes. */
export interface HttpSourceOptions {
  /** Per-request timeout (default 5 s): a hung source must not hang the gate. */
  timeoutMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}
