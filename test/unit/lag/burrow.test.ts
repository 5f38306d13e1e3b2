import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBurrowSource } from '../../../src/lag/burrow.js';
import { json, startServer, type LocalServer } from './local-server.js';

// Answers in the shapes of Burrow's v3 HTTP API documentation (List
// Consumers; Consumer Group Status, /lag form; error responses).
const fixture = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/lag', name), 'utf8'));
const AT = 1_795_302_790_000;

function notifierLag() {
  const body = fixture('burrow-lag.json');
  body.status.group = 'notifier';
  body.status.status = 'OK';
  // A consumer without owner information (old-style consumer).
  body.status.partitions = [{ topic: 'events', partition: 0, owner: '', status: 'OK', start: null, end: null, current_lag: 3, complete: 1 }];
  return body;
}

describe('createBurrowSource over real HTTP', () => {
  let burrow: LocalServer;
  beforeAll(async () => {
    burrow = await startServer((_req, res, url) => {
      const p = url.pathname;
      const request = { url: p, host: 'burrow-5f7d8c9b4-x2x9k' };
      if (p === '/burrow/v3/kafka/local/consumer') return json(res, 200, fixture('burrow-consumers.json'));
      if (p === '/burrow/v3/kafka/local/consumer/event-processor/lag') return json(res, 200, fixture('burrow-lag.json'));
      if (p === '/burrow/v3/kafka/local/consumer/notifier/lag') return json(res, 200, notifierLag());
      if (p === '/burrow/v3/kafka/broken/consumer') return json(res, 200, { error: true, message: 'storage module is not running', request });
      if (p === '/burrow/v3/kafka/down/consumer') return json(res, 503, { error: true, message: 'evaluator timed out', request });
      return json(res, 404, { error: true, message: 'cluster or consumer not found', request });
    });
  });
  afterAll(() => burrow.close());

  it('reads every partition of a group: current_lag, distinct owners as members, Burrow status kept', async () => {
    const src = createBurrowSource(`${burrow.url}/burrow/v3/kafka/local`, { now: () => AT });
    expect(src.kind).toBe('burrow');
    expect(await src.sample(['event-processor'])).toEqual([
      { group: 'event-processor', topic: 'events', partition: 0, lag: 540, members: 2, sourceStatus: 'WARN', at: AT },
      { group: 'event-processor', topic: 'events', partition: 1, lag: 0, members: 2, sourceStatus: 'OK', at: AT },
      { group: 'event-processor', topic: 'events', partition: 2, lag: 3, members: 2, sourceStatus: 'OK', at: AT },
    ]);
    expect(burrow.requests.at(-1)!.pathname).toBe('/burrow/v3/kafka/local/consumer/event-processor/lag');
  });

  it('lists the groups when none is named; no owners means members unknown', async () => {
    const samples = await createBurrowSource(`${burrow.url}/burrow/v3/kafka/local/`, { now: () => AT }).sample();
    expect(samples.map((s) => s.group)).toEqual(['event-processor', 'event-processor', 'event-processor', 'notifier']);
    expect(samples[3]).toEqual({ group: 'notifier', topic: 'events', partition: 0, lag: 3, sourceStatus: 'OK', at: AT });
  });

  it('yields nothing for a group Burrow does not know (404)', async () => {
    expect(await createBurrowSource(`${burrow.url}/burrow/v3/kafka/local`).sample(['ghost'])).toEqual([]);
  });

  it("surfaces Burrow's error answers with the URL", async () => {
    await expect(createBurrowSource(`${burrow.url}/burrow/v3/kafka/broken`).sample()).rejects.toThrow(
      `${burrow.url}/burrow/v3/kafka/broken/consumer: Burrow answered an error: storage module is not running`,
    );
    await expect(createBurrowSource(`${burrow.url}/burrow/v3/kafka/down`).sample()).rejects.toThrow(
      `${burrow.url}/burrow/v3/kafka/down/consumer answered HTTP 503 Service Unavailable: evaluator timed out`,
    );
  });

  it('insists on a URL naming the cluster', () => {
    expect(() => createBurrowSource('http://burrow:8000')).toThrow('burrow URL http://burrow:8000 must name the cluster: http://HOST:PORT/v3/kafka/CLUSTER');
    expect(() => createBurrowSource('http://burrow:8000/v3/kafka/local/consumer')).toThrow(/must name the cluster/);
  });
});
