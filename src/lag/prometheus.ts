// Consumer lag from a Prometheus server's HTTP API (GET /api/v1/query, an
// instant vector), fed by kafka_exporter or kminion. The flavour is detected
// from which metric answers, or forced; the queries can be replaced.
// Staleness: when the exporter stops being scraped, Prometheus marks its
// series stale and they drop out of the result, so the group then has no
// sample and the caught-up rule reports it unknown rather than stale-good.
import { getJson } from './http-get.js';
import type { HttpSourceOptions, LagSample, LagSource } from './types.js';

/** Which exporter's metrics the Prometheus server holds. */
export type PrometheusFlavor = 'kafka_exporter' | 'kminion';

/** The default queries per flavour (lag per partition for kafka_exporter, per topic for kminion). */
export const PROMETHEUS_QUERIES: Record<PrometheusFlavor, { lag: string; members: string; groupLabel: string }> = {
  kafka_exporter: { lag: 'kafka_consumergroup_lag', members: 'kafka_consumergroup_members', groupLabel: 'consumergroup' },
  kminion: { lag: 'kminion_kafka_consumer_group_topic_lag', members: 'kminion_kafka_consumer_group_members', groupLabel: 'group_id' },
};

/** How to query: the flavour (default 'auto') and optional replacement queries. */
export interface PrometheusSourceOptions extends HttpSourceOptions {
  flavor?: PrometheusFlavor | 'auto';
  /** Replaces the lag query; its series are read with either flavour's label names. */
  lagQuery?: string;
  membersQuery?: string;
}

interface Series {
  labels: Record<string, string>;
  value: number;
  at: number;
}

/** A LagSource reading a Prometheus server at url (e.g. http://127.0.0.1:9090). */
export function createPrometheusSource(url: string, opts: PrometheusSourceOptions = {}): LagSource {
  const base = url.replace(/\/+$/, '');
  let flavor: PrometheusFlavor | undefined = opts.flavor === 'auto' ? undefined : opts.flavor;

  const query = async (q: string): Promise<Series[]> => {
    const endpoint = `${base}/api/v1/query?query=${encodeURIComponent(q)}`;
    return toSeries(await getJson(endpoint, { timeoutMs: opts.timeoutMs }), endpoint);
  };
  const withGroups = (metric: string, label: string, groups?: string[]): string =>
    groups?.length ? `${metric}{${label}=~"${groups.map(promRegex).join('|')}"}` : metric;

  return {
    kind: 'prometheus',
    url,
    async sample(groups?: string[]): Promise<LagSample[]> {
      let lagSeries: Series[] = [];
      let used: PrometheusFlavor = flavor ?? 'kafka_exporter';
      if (opts.lagQuery) {
        lagSeries = await query(opts.lagQuery);
      } else {
        // Auto: try kafka_exporter's metric, then kminion's; remember the one that answered.
        for (const f of flavor ? [flavor] : (['kafka_exporter', 'kminion'] as const)) {
          const d = PROMETHEUS_QUERIES[f];
          lagSeries = await query(withGroups(d.lag, d.groupLabel, groups));
          used = f;
          if (lagSeries.length > 0) break;
        }
        if (lagSeries.length > 0) flavor = used;
      }
      if (lagSeries.length === 0) return [];
      const d = PROMETHEUS_QUERIES[used];
      const members = new Map<string, number>();
      for (const s of await query(opts.membersQuery ?? withGroups(d.members, d.groupLabel, groups))) {
        const g = groupOf(s.labels);
        if (g !== undefined && Number.isFinite(s.value)) members.set(g, Math.max(members.get(g) ?? 0, s.value));
      }
      return toSamples(lagSeries, members, groups, opts.lagQuery ?? d.lag);
    },
  };
}

function toSamples(series: Series[], members: Map<string, number>, groups: string[] | undefined, q: string): LagSample[] {
  const wanted = groups?.length ? new Set(groups) : undefined;
  const byKey = new Map<string, LagSample>();
  let unlabelled = 0;
  for (const s of series) {
    const group = groupOf(s.labels);
    if (group === undefined) {
      unlabelled++;
      continue;
    }
    if (wanted && !wanted.has(group)) continue;
    const topic = s.labels.topic ?? s.labels.topic_name ?? '';
    const p = s.labels.partition ?? s.labels.partition_id;
    // -1 (no committed offset), NaN and infinities are unknown, never zero.
    const lag = Number.isFinite(s.value) && s.value >= 0 ? s.value : null;
    const sample: LagSample = { group, topic, lag, at: s.at };
    if (p !== undefined && p !== '' && Number.isInteger(Number(p))) sample.partition = Number(p);
    const m = members.get(group);
    if (m !== undefined) sample.members = m;
    const key = `${group}\0${topic}\0${sample.partition ?? ''}`;
    const prev = byKey.get(key);
    // Two exporters scraped for one cluster: keep the larger known lag.
    if (!prev || (lag !== null && (prev.lag === null || lag > prev.lag))) byKey.set(key, sample);
  }
  if (byKey.size === 0 && unlabelled > 0) {
    throw new Error(`Prometheus query ${q} returned series without a consumergroup or group_id label`);
  }
  return [...byKey.values()];
}

function groupOf(labels: Record<string, string>): string | undefined {
  return labels.consumergroup ?? labels.group_id ?? labels.group;
}

// The Prometheus API's instant-query answer: {status, data: {resultType: 'vector', result: [{metric, value: [ts, "v"]}]}}.
function toSeries(body: unknown, endpoint: string): Series[] {
  const b = body as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (b?.status !== 'success') throw new Error(`${endpoint}: Prometheus answered ${String(b?.status)}${typeof b?.error === 'string' ? `: ${b.error}` : ''}`);
  if (b.data?.resultType !== 'vector' || !Array.isArray(b.data.result)) {
    throw new Error(`${endpoint}: expected an instant vector, got ${String(b.data?.resultType)}`);
  }
  return b.data.result.map((r: { metric?: Record<string, string>; value?: [number, string] }) => {
    if (!Array.isArray(r?.value) || r.value.length !== 2) throw new Error(`${endpoint}: a result has no [time, value] pair`);
    return { labels: r.metric ?? {}, value: Number(r.value[1]), at: Math.round(Number(r.value[0]) * 1000) };
  });
}

// A group name as an exact-match RE2 alternative inside a PromQL string.
function promRegex(name: string): string {
  return name.replace(/[\\.^$|?*+()[\]{}]/g, '\\$&').replace(/[\\"]/g, '\\$&');
}
