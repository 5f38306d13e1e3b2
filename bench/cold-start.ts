// S1 cold start: the real bin/helmdeck started in a pseudo-terminal against
// a release whose pods already run. Measured from spawn: the first frame
// (the status bar and the pane titles are drawn), and all the release's
// pods listed (the Pods pane's title counts them) — at 500 pods and at
// 10,000. Each is the median of three starts; the on-disk compile cache is
// warm after the first, as it is for an operator after the first run.
import type { Figure } from './figures.ts';
import { installRelease, median, podCounts, rssMb, scaleAndWait, sleep, spawnCockpit, startCluster, type BenchCluster } from './harness.ts';

const RUNS = 3;

async function starts(c: BenchCluster, pods: number): Promise<{ first: number[]; all: number[]; rss: number }> {
  const first: number[] = [];
  const all: number[] = [];
  let rss = NaN;
  for (let i = 0; i < RUNS; i++) {
    const cockpit = spawnCockpit(c);
    const firstAt = cockpit.waitFor(/1 Pods/, 30_000);
    const allAt = cockpit.waitFor(new RegExp(`1 Pods \\(${pods}\\)`), 120_000);
    first.push((await firstAt) - cockpit.startedAt);
    all.push((await allAt) - cockpit.startedAt);
    if (i === RUNS - 1) {
      await sleep(2000);
      rss = rssMb(cockpit.pid);
    }
    await cockpit.quit();
  }
  return { first, all, rss };
}

const range = (v: number[]) => `runs ${v.map((x) => x.toFixed(0)).join(', ')} ms`;

export async function coldStart(): Promise<Figure[]> {
  const c = await startCluster(10_000);
  try {
    await installRelease(c, 500);
    await scaleAndWait(c, 500);
    const small = await starts(c, 500);
    await scaleAndWait(c, 10_000);
    const big = await starts(c, 10_000);
    const n = podCounts(c).total;
    return [
      { name: 'S1 first frame (500 pods)', value: median(small.first), unit: 'ms', budget: 300, better: 'lower', note: `from spawn, incl. connecting; ${range(small.first)}` },
      { name: 'S1 500 pods on screen', value: median(small.all), unit: 'ms', budget: 1500, better: 'lower', note: range(small.all) },
      { name: 'S1 first frame (10,000 pods)', value: median(big.first), unit: 'ms', budget: 300, better: 'lower', note: range(big.first) },
      { name: 'S1 10,000 pods on screen', value: median(big.all), unit: 'ms', note: `${range(big.all)}; ${n} pods` },
      { name: 'S1 cockpit RSS, 10,000 pods', value: big.rss, unit: 'MB', budget: 400, better: 'lower' },
    ];
  } finally {
    await c.stop();
  }
}
