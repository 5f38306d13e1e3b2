import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporterSource, samplesFromExporterMetrics } from '../../../src/lag/exporter.js';
import { parsePromText } from '../../../src/lag/prom-text.js';
import { startServer, type LocalServer } from './local-server.js';

const page = readFileSync(resolve(import.meta.dirname, '../../fixtures/lag/kafka-exporter.metrics'), 'utf8');
const AT = 1_795_302_780_000;

describe('samplesFromExporterMetrics', () => {
  it('turns kafka_consumergroup_lag into samples, -1 as unknown, with the members of each group', () => {
    expect(samplesFromExporterMetrics(parsePromText(page), AT)).toEqual([
      { group: 'event-processor', topic: 'events', partition: 0, lag: 12, members: 2, at: AT },
      { group: 'event-processor', topic: 'events', partition: 1, lag: 0, members: 2, at: AT },
      { group: 'event-processor', topic: 'events', partition: 2, lag: null, members: 2, at: AT },
      { group: 'audit "legacy" sink', topic: 'audit\\log', partition: 0, lag: 4500, members: 0, at: AT },
      { group: 'notifier', topic: 'events', partition: 0, lag: 3, members: 1, at: AT },
    ]);
  });

  it('keeps only the groups asked for', () => {
    expect(samplesFromExporterMetrics(parsePromText(page), AT, ['notifier']).map((s) => s.group)).toEqual(['notifier']);
  });
});

describe('createExporterSource over real HTTP', () => {
  let srv: LocalServer;
  beforeAll(async () => {
    srv = await startServer((req, res, url) => {
      if (url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(page);
      } else if (url.pathname === '/broken') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('kafka_consumergroup_lag{consumergroup="x} 1\n');
      } else {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('kafka: client has run out of available brokers to talk to');
      }
    });
  });
  afterAll(() => srv.close());

  it('scrapes /metrics (added to a URL with no path) and asks for the text format', async () => {
    const src = createExporterSource(srv.url, { now: () => AT });
    expect(src.kind).toBe('exporter');
    const samples = await src.sample(['event-processor']);
    expect(samples.map((s) => [s.partition, s.lag])).toEqual([[0, 12], [1, 0], [2, null]]);
    expect(srv.requests.at(-1)!.pathname).toBe('/metrics');
  });

  it('names the URL and status when the exporter fails, and the line when the page is malformed', async () => {
    await expect(createExporterSource(`${srv.url}/kafka`).sample()).rejects.toThrow(
      `${srv.url}/kafka answered HTTP 500 Internal Server Error: kafka: client has run out of available brokers to talk to`,
    );
    await expect(createExporterSource(`${srv.url}/broken`).sample()).rejects.toThrow(`${srv.url}/broken: metrics line 1: label consumergroup value is not closed`);
  });
});
