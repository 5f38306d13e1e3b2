// S4 memory: the cockpit's resident memory (RSS, from /proc) with the
// release's Deployment at 1,000, 10,000 and 50,000 pods, read once every pod
// is listed and the first burst of work has settled. 50,000 pods are only
// tried when the machine has room for kubesim and the cockpit together;
// otherwise the figure says so. --quick leaves 50,000 out (creating and
// listing them takes minutes).
import type { Figure } from './figures.ts';
import { availableMb, installRelease, quick, rssMb, scaleAndWait, sleep, spawnCockpit, startCluster, type BenchCluster } from './harness.ts';

/** Rough cost of one pod: kubesim (with its kubelet) and the cockpit, measured at 10,000 pods with headroom. */
const MB_PER_1K_PODS = 120;

async function cockpitRss(c: BenchCluster, pods: number): Promise<{ rss: number; listedMs: number }> {
  await scaleAndWait(c, pods, 30 * 60_000);
  const cockpit = spawnCockpit(c);
  try {
    const listed = await cockpit.waitFor(new RegExp(`1 Pods \\(${pods}\\)`), 10 * 60_000);
    // Let start-up garbage go: V8 collects on its own within a few seconds of idling.
    await sleep(5000);
    return { rss: rssMb(cockpit.pid), listedMs: listed - cockpit.startedAt };
  } finally {
    await cockpit.quit();
  }
}

export async function memory(): Promise<Figure[]> {
  const want = 50_000;
  const room = availableMb();
  const fits = !quick && room > (want / 1000) * MB_PER_1K_PODS;
  const c = await startCluster(fits ? want : 10_000);
  try {
    await installRelease(c, 1000);
    const k1 = await cockpitRss(c, 1000);
    const k10 = await cockpitRss(c, 10_000);
    const figures: Figure[] = [
      { name: 'S4 cockpit RSS, 1,000 pods', value: k1.rss, unit: 'MB', budget: 150, better: 'lower', note: `listed in ${k1.listedMs.toFixed(0)} ms` },
      { name: 'S4 cockpit RSS, 10,000 pods', value: k10.rss, unit: 'MB', budget: 400, better: 'lower', note: `listed in ${k10.listedMs.toFixed(0)} ms` },
    ];
    if (fits) {
      const k50 = await cockpitRss(c, want);
      figures.push({ name: 'S4 cockpit RSS, 50,000 pods', value: k50.rss, unit: 'MB', note: `listed in ${(k50.listedMs / 1000).toFixed(1)} s; report only` });
    } else {
      const why = quick ? 'left out under --quick' : `${room.toFixed(0)} MB available, ~${((want / 1000) * MB_PER_1K_PODS).toFixed(0)} MB needed for kubesim and the cockpit`;
      figures.push({ name: 'S4 cockpit RSS, 50,000 pods', value: NaN, unit: 'MB', note: `not run: ${why}` });
    }
    return figures;
  } finally {
    await c.stop();
  }
}
