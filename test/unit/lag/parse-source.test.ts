import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAG_SOURCE_KINDS, createLagSource, parseLagSource } from '../../../src/lag/index.js';
import { json, startServer, type LocalServer } from './local-server.js';

describe('parseLagSource', () => {
  it('builds each kind of source with its URL', () => {
    expect(LAG_SOURCE_KINDS).toEqual(['prometheus', 'exporter', 'burrow']);
    for (const [spec, kind, url] of [
      ['prometheus=http://127.0.0.1:9090', 'prometheus', 'http://127.0.0.1:9090'],
      ['exporter=http://kafka-exporter:9308/metrics', 'exporter', 'http://kafka-exporter:9308/metrics'],
      [' burrow = https://burrow.example.invalid/v3/kafka/local ', 'burrow', 'https://burrow.example.invalid/v3/kafka/local'],
    ] as const) {
      const src = parseLagSource(spec);
      expect([src.kind, src.url]).toEqual([kind, url]);
    }
    expect(createLagSource('prometheus', 'http://[::1]:9090').kind).toBe('prometheus');
  });

  const bad: [string, string | RegExp][] = [
    ['http://127.0.0.1:9090', 'lag source "http://127.0.0.1:9090": expected SOURCE=URL with SOURCE one of prometheus, exporter, burrow (e.g. prometheus=http://127.0.0.1:9090)'],
    ['=http://x', /lag source "=http:\/\/x": expected SOURCE=URL/],
    ['kafka=http://broker:9092', /lag source "kafka" is not known: expected SOURCE=URL with SOURCE one of prometheus, exporter, burrow/],
    ['prometheus=localhost:9090', /lag source prometheus: localhost:9090 must be an http:\/\/ or https:\/\/ URL/],
    ['prometheus=', 'lag source prometheus: "" is not a URL (expected http://HOST:PORT...)'],
    ['exporter=not a url', 'lag source exporter: "not a url" is not a URL'],
    ['prometheus=http://admin:s3cret@prom:9090', 'lag source prometheus: prom:9090 must not carry a user or password in the URL'],
    ['burrow=http://burrow:8000', /burrow URL http:\/\/burrow:8000 must name the cluster/],
  ];
  for (const [spec, msg] of bad) {
    it(`refuses ${spec}`, () => {
      expect(() => parseLagSource(spec)).toThrow(msg);
    });
  }

  it('never echoes a password it refuses', () => {
    expect(() => parseLagSource('prometheus=http://admin:s3cret@prom:9090')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});

describe('a parsed source samples over real HTTP', () => {
  let prom: LocalServer;
  beforeAll(async () => {
    prom = await startServer((_req, res, url) => {
      const members = url.searchParams.get('query')!.startsWith('kafka_consumergroup_members');
      const result = members
        ? [{ metric: { consumergroup: 'event-processor' }, value: [1795302780, '2'] }]
        : [{ metric: { consumergroup: 'event-processor', topic: 'events', partition: '0' }, value: [1795302780, '17'] }];
      json(res, 200, { status: 'success', data: { resultType: 'vector', result } });
    });
  });
  afterAll(() => prom.close());

  it('prometheus=URL reaches the server', async () => {
    const samples = await parseLagSource(`prometheus=${prom.url}`).sample(['event-processor']);
    expect(samples).toEqual([{ group: 'event-processor', topic: 'events', partition: 0, lag: 17, members: 2, at: 1795302780000 }]);
  });
});
