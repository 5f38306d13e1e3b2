// S2 steady: 5,000 pods, 20 pod changes a second for 60 s. Event-to-frame
// latency (see stream.ts for how it is measured), the cockpit's CPU and
// frames per second, and kubectl get pods -w on the same stream as the peer.
import type { Figure } from './figures.ts';
import { installRelease, percentile, scaleAndWait, seconds, sleep, spawnCockpit, startCluster } from './harness.ts';
import { measureStream, shownNote } from './stream.ts';

export async function steady(): Promise<Figure[]> {
  const pods = 5000;
  const duration = seconds(60, 10);
  const c = await startCluster(pods);
  try {
    await installRelease(c, 100);
    await scaleAndWait(c, pods);
    const cockpit = spawnCockpit(c);
    try {
      await cockpit.waitFor(new RegExp(`1 Pods \\(${pods}\\)`), 120_000);
      await sleep(3000);
      const r = await measureStream(c, cockpit, [{ eventsPerSecond: 20, seconds: duration }]);
      const p = r.phases[0]!;
      return [
        { name: 'S2 event-to-frame p50', value: percentile(p.latencies, 50), unit: 'ms', note: `${pods} pods, 20 changes/s for ${duration} s` },
        { name: 'S2 event-to-frame p99', value: percentile(p.latencies, 99), unit: 'ms', budget: 120, better: 'lower', note: shownNote(r.cockpit) },
        { name: 'S2 cockpit CPU', value: p.cpuPercent, unit: '% of a core', budget: 5, better: 'lower' },
        { name: 'S2 frames/s', value: p.framesPerSecond, unit: 'frames/s', note: `${(p.bytesPerSecond / 1024).toFixed(1)} KiB/s to the terminal; ${p.podEventsPerSecond.toFixed(1)} pod events/s committed` },
        { name: 'S2 peer: kubectl get pods -w p50', value: percentile(p.kubectl, 50), unit: 'ms', note: 'same stream, time to print each change' },
        { name: 'S2 peer: kubectl get pods -w p99', value: percentile(p.kubectl, 99), unit: 'ms', note: `${r.kubectl.latencies.length} of ${r.kubectl.sent} changes printed; kubectl CPU ${p.kubectlCpuPercent.toFixed(1)} %` },
      ];
    } finally {
      await cockpit.quit();
    }
  } finally {
    await c.stop();
  }
}
