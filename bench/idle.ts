// S6 idle: the cockpit showing 500 running pods while nothing changes for
// 30 s: frames and bytes written to the terminal, and CPU. The status-bar
// clock ticks once a minute (on the wall clock's minute); the window is
// placed between two minute boundaries, so any frame in it is a real cost.
// Ages under two minutes tick every second by design, so the window starts
// once every pod is older than that.
import { RT } from '../dist/sim/api/resources.js';
import type { Figure } from './figures.ts';
import { avoidMinuteBoundary, cpuSeconds, installRelease, scaleAndWait, seconds, sleep, spawnCockpit, startCluster } from './harness.ts';

export async function idle(): Promise<Figure[]> {
  const pods = 500;
  const window = seconds(30, 10);
  const c = await startCluster(pods);
  try {
    await installRelease(c, pods);
    await scaleAndWait(c, pods);
    const cockpit = spawnCockpit(c);
    try {
      await cockpit.waitFor(new RegExp(`1 Pods \\(${pods}\\)`), 60_000);
      // Settle: the first frames, the slower watches' first lists, start-up garbage collection.
      await sleep(5000);
      const youngest = Math.max(...c.sim.ctx.store.list(RT.pods, c.namespace).map((p) => Date.parse(String(p.metadata.creationTimestamp ?? '')) || 0));
      if (youngest + 121_000 > Date.now()) await sleep(youngest + 121_000 - Date.now());
      await avoidMinuteBoundary(window);
      const f0 = cockpit.frames;
      const b0 = cockpit.bytes;
      const cpu0 = cpuSeconds(cockpit.pid);
      const t0 = performance.now();
      await sleep(window * 1000);
      const secs = (performance.now() - t0) / 1000;
      const cpu = ((cpuSeconds(cockpit.pid) - cpu0) / secs) * 100;
      return [
        { name: `S6 idle frames in ${window} s`, value: cockpit.frames - f0, unit: 'frames', budget: 0, better: 'lower', note: `${pods} pods on screen; the clock ticks once a minute, outside this window` },
        { name: 'S6 idle bytes to the terminal', value: cockpit.bytes - b0, unit: 'B' },
        { name: 'S6 idle CPU', value: cpu, unit: '% of a core', budget: 1, better: 'lower', note: 'watch bookmarks and timers only' },
      ];
    } finally {
      await cockpit.quit();
    }
  } finally {
    await c.stop();
  }
}
