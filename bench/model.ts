// The live model's budgets: 5,000 pods synced and held under 250 MB RSS;
// 1,000 events/s applied with the store written at most 60 times a second.
// kubesim runs in its own process so the figures are helmdeck's alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { connect } from '../dist/kube/index.js';
import { startLiveModel } from '../dist/model/live-model.js';
import { createDeckStore } from '../dist/store/index.js';
import type { Figure } from './figures.ts';

const bin = join(import.meta.dirname, '..', 'bin', 'helmdeck');

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Starts `helmdeck sim serve` in a child process; resolves with its kubeconfig and a stop function. */
export async function serveSim(dir: string, nodes = 60): Promise<{ kubeconfig: string; stop: () => Promise<void> }> {
  const kubeconfig = join(dir, 'kubeconfig');
  const proc = execa(process.execPath, ['--max-semi-space-size=32', bin, 'sim', 'serve', '--kubeconfig', kubeconfig, '--speed', '20', '--nodes', String(nodes)], { reject: false });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    void proc.then((r) => reject(new Error(`sim exited early: ${r.stderr}`)));
  });
  return {
    kubeconfig,
    stop: async () => {
      proc.kill('SIGTERM');
      await proc;
    },
  };
}

export async function modelSync(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-bench-'));
  const sim = await serveSim(dir);
  try {
    await execa(bin, ['sim', 'load', '--kubeconfig', sim.kubeconfig, '-n', 'load', '--pods', '5000']);
    const baseline = rssMb();
    const conn = connect({ kubeconfig: sim.kubeconfig, namespace: 'load' });
    const store = createDeckStore();
    const t0 = performance.now();
    const model = startLiveModel({ conn, store });
    await model.waitForSync(120_000);
    while (store.getState().pods.size < 5000) await new Promise((r) => setTimeout(r, 50));
    const syncMs = performance.now() - t0;
    // Let the kubelet's startup churn settle before measuring the steady state.
    await new Promise((r) => setTimeout(r, 3000));
    const held = rssMb();

    const before = model.batcher.stats();
    let writes = 0;
    const unsub = store.subscribe(() => writes++);
    const churnStart = performance.now();
    await execa(bin, ['sim', 'load', '--kubeconfig', sim.kubeconfig, '-n', 'load', '--pods', '5000', '--events-per-second', '1000', '--seconds', '5']);
    await new Promise((r) => setTimeout(r, 5500));
    const churnSeconds = (performance.now() - churnStart) / 1000;
    unsub();
    const after = model.batcher.stats();
    await model.stop();
    return [
      { name: 'model: sync 5,000 pods', value: syncMs, unit: 'ms' },
      { name: 'model: RSS holding 5,000 pods', value: held, unit: 'MB', budget: 250, better: 'lower', note: `before connecting ${baseline.toFixed(0)} MB` },
      { name: 'model: watch events applied', value: (after.events - before.events) / churnSeconds, unit: 'ev/s', note: 'offered: 1,000/s for 5 s' },
      { name: 'model: store writes per second', value: writes / churnSeconds, unit: 'writes/s', budget: 60, better: 'lower' },
    ];
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
