// Consumer lag end to end: kubesim simulates a Kafka consumer group, a real
// Prometheus scrapes its kafka_exporter endpoint, and helmdeck's sources read
// it — lag grows while the consumer has no ready pod and drains after.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp, createExporterSource, createPrometheusSource, type LagSample } from '../../src/lag/index.js';
import { chartsDir, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { startPrometheus, type TestPrometheus } from '../helpers/prometheus.js';

let c: TestCluster;
let prom: TestPrometheus;

beforeAll(async () => {
  c = await startTestCluster({ speed: 5 });
  await c.helm(['install', 'shop', join(chartsDir, 'shop'), '-n', 'lag', '--create-namespace', '--wait', '--timeout', '60s', '--set', 'hpa.enabled=false']);
  prom = await startPrometheus(c.sim.metricsUrl);
});
afterAll(async () => {
  await prom?.stop();
  await c?.stop();
});

const total = (samples: LagSample[]) => samples.filter((s) => s.group === 'orders').reduce((n, s) => n + (s.lag ?? 0), 0);

async function sampleUntil(source: ReturnType<typeof createPrometheusSource>, ok: (s: LagSample[]) => boolean, what: string): Promise<LagSample[]> {
  let last: LagSample[] = [];
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    last = await source.sample(['orders']);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}; last samples: ${JSON.stringify(last)}`);
}

describe('consumer lag through a real Prometheus', () => {
  it('reads per-partition lag and members for the simulated group', async () => {
    const source = createPrometheusSource(prom.url);
    const samples = await sampleUntil(source, (s) => s.filter((x) => x.group === 'orders' && x.lag !== null).length === 3, 'three partitions with known lag');
    expect(new Set(samples.map((s) => s.topic))).toEqual(new Set(['orders']));
    expect(samples.every((s) => (s.members ?? 0) >= 1)).toBe(true);
  });

  it('sees lag grow with no ready consumer and drain when it is back, as the exporter does directly', { timeout: 120_000 }, async () => {
    const viaProm = createPrometheusSource(prom.url);
    const direct = createExporterSource(c.sim.metricsUrl);
    await c.kubectl(['scale', 'deploy/shop-worker', '-n', 'lag', '--replicas', '0']);
    const grown = await sampleUntil(viaProm, (s) => total(s) > 500 && s.every((x) => (x.members ?? 0) === 0), 'lag to grow past 500 with no members');
    const history: LagSample[][] = [grown, await viaProm.sample(['orders'])];
    const verdict = caughtUp(history, { maxLag: 100, samples: 2, windowMs: 60_000, now: Date.now() });
    expect(['behind', 'no-members']).toContain(verdict.status);
    const directNow = await direct.sample(['orders']);
    expect(total(directNow)).toBeGreaterThan(500);

    await c.kubectl(['scale', 'deploy/shop-worker', '-n', 'lag', '--replicas', '1']);
    const drained = await sampleUntil(viaProm, (s) => s.length === 3 && total(s) < 100 && s.every((x) => (x.members ?? 0) >= 1), 'lag to drain below 100');
    expect(total(drained)).toBeLessThan(total(grown));
  });
});
