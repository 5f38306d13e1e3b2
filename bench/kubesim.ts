// kubesim's own budgets: 10,000 pods held under 500 MB RSS, and 1,000 watch
// events/s delivered to 5 watchers.
import { request } from 'node:https';
import { RT } from '../dist/sim/api/resources.js';
import { startSim } from '../dist/sim/index.js';
import type { Figure } from './figures.ts';

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** 10,000 pods held by kubesim (the kubelet runs them all to Ready). */
export async function podsHeld(): Promise<Figure[]> {
  const before = rssMb();
  // 100 nodes × 110 pods: room for all 10k, as a real cluster of that size would have.
  const sim = await startSim({ speed: 50, nodes: 100 });
  const store = sim.ctx.store;
  store.create(RT.namespaces, { metadata: { name: 'load' } });
  const n = 10_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    store.create(RT.pods, {
      metadata: { name: `load-${i}`, namespace: 'load', labels: { app: `app-${i % 50}`, tier: 'bench' } },
      spec: { containers: [{ name: 'app', image: `registry.example.invalid/app:${i % 7}`, env: [{ name: 'KUBESIM_READY_AFTER', value: '1s' }] }] },
    });
  }
  const created = performance.now() - t0;
  const deadline = Date.now() + 120_000;
  const readyCount = () => store.list(RT.pods, 'load').filter((p: any) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
  while (Date.now() < deadline && readyCount() < n) await new Promise((r) => setTimeout(r, 500));
  const settled = performance.now() - t0;
  const held = rssMb();
  const ready = readyCount();
  await sim.stop();
  return [
    { name: 'kubesim: create 10k pods', value: created, unit: 'ms' },
    { name: 'kubesim: 10k pods all Ready', value: settled, unit: 'ms', note: `${ready} ready` },
    { name: 'kubesim: RSS holding 10k pods', value: held, unit: 'MB', budget: 500, better: 'lower', note: `baseline ${before.toFixed(0)} MB` },
  ];
}

/** Opens a raw watch and calls onLine for each event line. */
function openWatch(url: string, ca: string, token: string, onLine: (line: string) => void): () => void {
  const req = request(new URL(url), { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return () => req.destroy();
}

/** 1,000 events/s for 5 s fanned out to 5 watchers over HTTPS. */
export async function watchFanout(): Promise<Figure[]> {
  const sim = await startSim({ speed: 1 });
  const store = sim.ctx.store;
  const watchers = 5;
  const rate = 1000;
  const seconds = 5;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const received = new Array(watchers).fill(0);
  const closers: (() => void)[] = [];
  const base = `${sim.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${store.resourceVersion}`;
  for (let w = 0; w < watchers; w++) {
    closers.push(
      openWatch(base, sim.caPem, sim.token, (line) => {
        const ev = JSON.parse(line);
        const rv = ev.object?.metadata?.resourceVersion;
        const t = sentAt.get(rv);
        if (t !== undefined) {
          received[w]++;
          latencies.push(performance.now() - t);
        }
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < 100; i++) store.create(RT.configmaps, { metadata: { name: `cm-${i}`, namespace: 'default' }, data: { n: '0' } });
  const total = rate * seconds;
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    while (sent < due) {
      const name = `cm-${sent % 100}`;
      const cur = store.get(RT.configmaps, 'default', name)!;
      const next = store.update(RT.configmaps, { ...cur, data: { n: String(sent + 1) } });
      sentAt.set(next.metadata.resourceVersion!, performance.now());
      sent++;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  const drainDeadline = Date.now() + 10_000;
  while (Date.now() < drainDeadline && received.some((n) => n < total)) await new Promise((r) => setTimeout(r, 50));
  for (const close of closers) close();
  await sim.stop();
  const delivered = received.reduce((a, b) => a + b, 0);
  return [
    { name: 'kubesim: watch events/s generated', value: total / sendSeconds, unit: 'ev/s', note: 'offered load: 1,000/s for 5 s' },
    { name: 'kubesim: events delivered to 5 watchers', value: (delivered / (total * watchers)) * 100, unit: '%', budget: 100, better: 'higher', note: `${delivered} of ${total * watchers}` },
    { name: 'kubesim: watch delivery p50', value: percentile(latencies, 50), unit: 'ms' },
    { name: 'kubesim: watch delivery p99', value: percentile(latencies, 99), unit: 'ms' },
  ];
}
