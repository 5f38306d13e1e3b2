import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusSource } from '../../../src/lag/prometheus.js';
import { json, startServer, type LocalServer } from './local-server.js';

// A stand-in Prometheus answering GET /api/v1/query in the API's shape
// (https://prometheus.io/docs/prometheus/latest/querying/api/): it evaluates
// `metric` and `metric{label=~"RE"}` (anchored, as PromQL does) against a
// fixed set of series and refuses anything else as Prometheus does.
type Series = { labels: Record<string, string>; value: string };
const EVAL_TIME = 1795302780.123;
const job = { instance: 'kafka-exporter:9308', job: 'kafka-exporter' };

function exporterSeries(): Record<string, Series[]> {
  const lag = (consumergroup: string, topic: string, partition: string, value: string, extra = job) => ({ labels: { ...extra, consumergroup, topic, partition }, value });
  return {
    kafka_consumergroup_lag: [
      lag('event-processor', 'events', '0', '12'),
      lag('event-processor', 'events', '1', '0'),
      lag('event-processor', 'events', '2', '-1'),
      lag('event-processor', 'events', '1', '7', { instance: 'kafka-exporter-2:9308', job: 'kafka-exporter' }),
      lag('orders.v2+eu', 'orders', '0', '40'),
      lag('ordersXv2+eu', 'orders', '0', '999'),
      lag('idle', 'events', '0', 'NaN'),
    ],
    kafka_consumergroup_lag_sum: [{ labels: { ...job, consumergroup: 'event-processor', topic: 'events' }, value: '12' }],
    kafka_consumergroup_members: [
      { labels: { ...job, consumergroup: 'event-processor' }, value: '2' },
      { labels: { ...job, consumergroup: 'orders.v2+eu' }, value: '0' },
    ],
    kafka_brokers: [{ labels: job, value: '3' }],
  };
}

const kminionSeries: Record<string, Series[]> = {
  kminion_kafka_consumer_group_topic_lag: [
    { labels: { group_id: 'event-processor', topic_name: 'events', instance: 'kminion:8080' }, value: '35' },
    { labels: { group_id: 'event-processor', topic_name: 'audit', instance: 'kminion:8080' }, value: '0' },
  ],
  kminion_kafka_consumer_group_members: [{ labels: { group_id: 'event-processor', instance: 'kminion:8080' }, value: '3' }],
};

function fakePrometheus(store: Record<string, Series[]>): Promise<LocalServer> {
  return startServer((_req, res, url) => {
    if (url.pathname.endsWith('/slow/api/v1/query')) return; // never answers
    if (!url.pathname.endsWith('/api/v1/query')) return json(res, 404, { status: 'error', error: 'not found' });
    const q = url.searchParams.get('query') ?? '';
    if (q === 'rate(kafka_consumergroup_lag[5m])[10m:]') {
      return json(res, 200, { status: 'success', data: { resultType: 'matrix', result: [] } });
    }
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(\w+)=~"((?:[^"\\]|\\.)*)"\})?$/.exec(q);
    if (!m) return json(res, 400, { status: 'error', errorType: 'bad_data', error: `1:1: parse error: unexpected character in ${q}` });
    const re = m[3] === undefined ? undefined : new RegExp(`^(?:${m[3].replace(/\\(["\\])/g, '$1')})$`);
    const result = (store[m[1]!] ?? [])
      .filter((s) => !re || re.test(s.labels[m[2]!] ?? ''))
      .map((s) => ({ metric: { __name__: m[1], ...s.labels }, value: [EVAL_TIME, s.value] }));
    json(res, 200, { status: 'success', data: { resultType: 'vector', result } });
  });
}

describe('createPrometheusSource with kafka_exporter metrics', () => {
  let prom: LocalServer;
  beforeAll(async () => {
    prom = await fakePrometheus(exporterSeries());
  });
  afterAll(() => prom.close());

  it('reads lag per partition: -1 and NaN are unknown, duplicates keep the larger lag, members attached', async () => {
    const src = createPrometheusSource(prom.url);
    expect(src.kind).toBe('prometheus');
    const at = Math.round(EVAL_TIME * 1000);
    expect(await src.sample(['event-processor', 'idle'])).toEqual([
      { group: 'event-processor', topic: 'events', partition: 0, lag: 12, members: 2, at },
      { group: 'event-processor', topic: 'events', partition: 1, lag: 7, members: 2, at },
      { group: 'event-processor', topic: 'events', partition: 2, lag: null, members: 2, at },
      { group: 'idle', topic: 'events', partition: 0, lag: null, at },
    ]);
    expect(prom.requests.slice(-2).map((u) => u.searchParams.get('query'))).toEqual([
      'kafka_consumergroup_lag{consumergroup=~"event-processor|idle"}',
      'kafka_consumergroup_members{consumergroup=~"event-processor|idle"}',
    ]);
  });

  it('matches a group name with regex characters exactly', async () => {
    const samples = await createPrometheusSource(prom.url).sample(['orders.v2+eu']);
    expect(samples.map((s) => [s.group, s.lag, s.members])).toEqual([['orders.v2+eu', 40, 0]]);
  });

  it('reads every group when none is named', async () => {
    const groups = new Set((await createPrometheusSource(`${prom.url}/`).sample()).map((s) => s.group));
    expect([...groups].sort()).toEqual(['event-processor', 'idle', 'orders.v2+eu', 'ordersXv2+eu']);
    expect(prom.requests.at(-2)!.searchParams.get('query')).toBe('kafka_consumergroup_lag');
  });

  it('runs a replacement query, reading its labels', async () => {
    const src = createPrometheusSource(prom.url, { lagQuery: 'kafka_consumergroup_lag_sum' });
    expect(await src.sample()).toEqual([{ group: 'event-processor', topic: 'events', lag: 12, members: 2, at: Math.round(EVAL_TIME * 1000) }]);
    await expect(createPrometheusSource(prom.url, { lagQuery: 'kafka_brokers' }).sample()).rejects.toThrow(
      'Prometheus query kafka_brokers returned series without a consumergroup or group_id label',
    );
  });

  it('names the URL, the status and the reason when Prometheus refuses a query', async () => {
    const src = createPrometheusSource(prom.url, { lagQuery: 'sum(kafka_consumergroup_lag' });
    const err = await src.sample().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`${prom.url}/api/v1/query?query=sum(kafka_consumergroup_lag answered HTTP 400 Bad Request: 1:1: parse error`);
  });

  it('refuses an answer that is not an instant vector', async () => {
    const src = createPrometheusSource(prom.url, { lagQuery: 'rate(kafka_consumergroup_lag[5m])[10m:]' });
    await expect(src.sample()).rejects.toThrow(/expected an instant vector, got matrix/);
  });

  it('gives up after the timeout, and says when nothing listens', async () => {
    await expect(createPrometheusSource(`${prom.url}/slow`, { timeoutMs: 200 }).sample()).rejects.toThrow(
      /\/slow\/api\/v1\/query\?query=kafka_consumergroup_lag did not answer within 200 ms/,
    );
    const gone = await fakePrometheus({});
    await gone.close();
    await expect(createPrometheusSource(gone.url).sample()).rejects.toThrow(`could not reach ${gone.url}/api/v1/query?query=kafka_consumergroup_lag: ECONNREFUSED`);
  });
});

describe('createPrometheusSource with kminion metrics', () => {
  let prom: LocalServer;
  beforeAll(async () => {
    prom = await fakePrometheus(kminionSeries);
  });
  afterAll(() => prom.close());

  it('falls back to kminion per-topic lag, then remembers the flavour', async () => {
    const src = createPrometheusSource(prom.url);
    const first = await src.sample(['event-processor']);
    expect(first.map((s) => [s.topic, s.partition, s.lag, s.members])).toEqual([
      ['events', undefined, 35, 3],
      ['audit', undefined, 0, 3],
    ]);
    expect(prom.requests.map((u) => u.searchParams.get('query'))).toEqual([
      'kafka_consumergroup_lag{consumergroup=~"event-processor"}',
      'kminion_kafka_consumer_group_topic_lag{group_id=~"event-processor"}',
      'kminion_kafka_consumer_group_members{group_id=~"event-processor"}',
    ]);
    prom.requests.length = 0;
    await src.sample(['event-processor']);
    expect(prom.requests.map((u) => u.searchParams.get('query'))[0]).toBe('kminion_kafka_consumer_group_topic_lag{group_id=~"event-processor"}');
    expect(prom.requests).toHaveLength(2);
  });

  it('returns no samples for a group neither exporter knows', async () => {
    expect(await createPrometheusSource(prom.url).sample(['nobody'])).toEqual([]);
  });
});
