// consumer-lag's verdict over sampled rounds (the caught-up rule applied per
// group), its table, and the live model's stored readings used when fresh.
import { describe, expect, it } from 'vitest';
import { judgeLag, lagTable, run } from '../../../src/runbook/checks/consumer-lag.js';
import { parseLagSource, type LagSample } from '../../../src/lag/index.js';
import { createDeckStore } from '../../../src/store/index.js';
import { startServer } from '../lag/local-server.js';

const SRC = { kind: 'prometheus' as const, url: 'http://prom:9090' };
const step = (over: Partial<{ groups: string[]; maxLag: number; samples: number; windowMs: number; sources: string[] }> = {}) => ({
  id: 'l', title: 'l', required: true, kind: 'consumer-lag' as const,
  sources: ['prometheus=http://prom:9090'], groups: ['orders'], maxLag: 100, samples: 3, windowMs: 60_000, ...over,
});
// One round: lag per partition of topic "orders", at time t (s), with `members`.
const round = (t: number, lags: (number | null)[], members = 2, group = 'orders'): LagSample[] =>
  lags.map((lag, partition) => ({ group, topic: 'orders', partition, lag, members, at: t * 1000 }));
const judge = (rounds: LagSample[][], over = {}) => judgeLag(step(over), rounds, new Map([[SRC.url, rounds.at(-1) ?? []]]), [SRC]);

describe('judgeLag', () => {
  it('passes when every round is within budget and not rising', () => {
    const r = judge([round(0, [3, 0, 1]), round(1, [2, 1, 0]), round(2, [0, 0, 1])]);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('group orders caught up: lag ≤ 100 in 3 sample(s)');
    expect(r.evidence).toEqual([
      'SOURCE                       GROUP   TOPIC   PARTITIONS  LAG  MEMBERS',
      'prometheus=http://prom:9090  orders  orders  3           1    2',
      'orders: lag ≤ 100 on 3 partition(s) for 3 consecutive samples, not rising',
    ]);
  });

  it.each([
    ['over budget in the last round', [round(0, [0, 0, 0]), round(1, [0, 0, 0]), round(2, [0, 150, 0])], /^group orders: behind \(orders: lag over 100 on orders\/1 \(150\)\)/],
    ['no members', [round(0, [500, 500, 500], 0)], /^group orders: no consumer running \(orders: no members: no consumer is running\)/],
    ['a partition with unknown lag', [round(0, [0, null, 0]), round(1, [0, null, 0]), round(2, [0, null, 0])], /^group orders: lag unknown \(orders: lag unknown on orders\/1\)/],
    ['the group missing from the source', [round(0, [0], 1, 'other')], /^group orders: lag unknown \(orders: no lag reported/],
    ['fewer in-budget rounds than needed', [round(0, [0, 0, 0])], /^group orders: lag unknown \(orders: within budget for 1 of 3 consecutive samples so far\)/],
    ['lag rising by more than half the budget', [round(0, [0, 0, 0]), round(1, [20, 20, 20]), round(2, [30, 30, 30])], /^group orders: behind \(orders: lag rising over the window \(0 → 90\)\)/],
  ])('fails on %s', (_what, rounds, summary) => {
    const r = judge(rounds);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(summary);
  });

  it('tolerates a small wobble within budget', () => {
    expect(judge([round(0, [0, 0, 0]), round(1, [10, 5, 0]), round(2, [20, 10, 5])]).status).toBe('pass');
  });

  it('marks partitions over budget and unknown lag in the table', () => {
    expect(lagTable([SRC], new Map([[SRC.url, round(0, [150, 0, null])]]), 100)[1]).toBe('prometheus=http://prom:9090  orders  orders  3           unknown  2');
    expect(lagTable([SRC], new Map([[SRC.url, round(0, [150, 0, 1])]]), 100)[1]).toBe('prometheus=http://prom:9090  orders  orders  3           151 (over)  2');
    expect(lagTable([SRC], new Map(), 100)).toEqual(['no lag reported by any source']);
  });
});

describe('run', () => {
  const ctxWith = (rounds: LagSample[][], now: number, error?: { message: string; at: number }) => {
    const store = createDeckStore();
    for (const r of rounds) store.getState().recordLagSamples('prometheus=http://prom:9090', r);
    if (error) store.getState().recordLagError('prometheus=http://prom:9090', new Error(error.message), error.at);
    return { store, now: () => now } as never;
  };

  it("uses the live model's readings when it holds enough recent ones", async () => {
    const r = await run(step(), ctxWith([round(100, [0, 0, 0]), round(105, [1, 0, 0]), round(110, [0, 2, 0])], 111_000));
    expect(r.summary).toBe('group orders caught up: lag ≤ 100 in 3 sample(s) (the live model)');
  });

  it("fails at once when the live model's source is failing", async () => {
    const r = await run(step(), ctxWith([round(100, [0, 0, 0])], 111_000, { message: 'connect ECONNREFUSED', at: 110_000 }));
    expect(r).toMatchObject({ status: 'fail', summary: 'lag source prometheus http://prom:9090 unreachable: connect ECONNREFUSED' });
  });

  it('rejects a malformed source and a step without sources', async () => {
    const ctx = ctxWith([], 0);
    expect((await run(step({ sources: ['kafka=http://x'] }), ctx)).summary).toMatch(/^lag source "kafka" is not known/);
    expect((await run(step({ sources: [] }), ctx)).summary).toBe('no lag source given: add source: to the step, pass --lag SOURCE=URL, or set lag.sources in the config file (e.g. prometheus=http://127.0.0.1:9090)');
  });

  it('a step without sources uses the configured ones (--lag, the config file)', async () => {
    const ctx = Object.assign(ctxWith([round(100, [0, 0, 0])], 111_000, { message: 'connect ECONNREFUSED', at: 110_000 }) as object, { lagSources: [parseLagSource('prometheus=http://prom:9090')] }) as never;
    expect((await run(step({ sources: [] }), ctx)).summary).toBe('lag source prometheus http://prom:9090 unreachable: connect ECONNREFUSED');
  });
});

describe('progress', () => {
  it('says which sample it is on while it samples a source itself, for the running indicator', async () => {
    const metrics = [
      'kafka_consumergroup_lag{consumergroup="orders",partition="0",topic="orders"} 0',
      'kafka_consumergroup_members{consumergroup="orders"} 2',
      '',
    ].join('\n');
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(metrics));
    try {
      const said: string[] = [];
      const ctx = { store: createDeckStore(), now: () => Date.now(), progress: (t: string) => said.push(t) } as never;
      await run(step({ sources: [`exporter=${server.url}/metrics`], samples: 3, windowMs: 20 }), ctx);
      expect(said).toEqual(['sample 1 of 3', 'sample 2 of 3', 'sample 3 of 3']);
    } finally {
      await server.close();
    }
  });
});
