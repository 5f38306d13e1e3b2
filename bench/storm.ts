// S3 rollout storm: a Deployment of 500 replicas rolling without pause (the
// next rollout starts as each finishes; 10 pods surge at a time, each ready
// after 5 s) while pod changes stream in at 100/s for 60 s, then 1,000/s for
// 5 s. Latency as in S2 (stream.ts), per phase; frames and bytes written to
// the terminal per second; kubectl get pods -w on the same stream.
import type { Figure } from './figures.ts';
import { installRelease, percentile, scaleAndWait, seconds, sleep, spawnCockpit, startCluster } from './harness.ts';
import { measureStream, shownNote } from './stream.ts';

export async function storm(): Promise<Figure[]> {
  const replicas = 500;
  const steadySeconds = seconds(60, 10);
  const c = await startCluster(replicas, 1);
  try {
    await installRelease(c, replicas, { maxSurge: '10', maxUnavailable: '0', readyAfter: '5s' });
    await scaleAndWait(c, replicas);
    const cockpit = spawnCockpit(c);
    try {
      await cockpit.waitFor(new RegExp(`1 Pods \\(${replicas}\\)`), 120_000);
      await sleep(3000);
      const r = await measureStream(c, cockpit, [{ eventsPerSecond: 100, seconds: steadySeconds }, { eventsPerSecond: 1000, seconds: 5 }], { roll: true });
      const [rolling, burst] = r.phases as [typeof r.phases[0], typeof r.phases[0]];
      const all = [...rolling.latencies, ...burst.latencies];
      const kube = [...rolling.kubectl, ...burst.kubectl];
      const events = (p: typeof rolling) => `${p.podEventsPerSecond.toFixed(0)} pod events/s committed`;
      return [
        { name: 'S3 event-to-frame p50, rolling', value: percentile(rolling.latencies, 50), unit: 'ms', note: `${replicas} replicas rolling + 100 changes/s for ${steadySeconds} s; ${events(rolling)}` },
        { name: 'S3 event-to-frame p99, rolling', value: percentile(rolling.latencies, 99), unit: 'ms', budget: 1000, better: 'lower' },
        { name: 'S3 event-to-frame p99, burst', value: percentile(burst.latencies, 99), unit: 'ms', budget: 1000, better: 'lower', note: `1,000 changes/s for 5 s; ${events(burst)}` },
        { name: 'S3 event-to-frame p99, whole run', value: percentile(all, 99), unit: 'ms', budget: 1000, better: 'lower', note: shownNote(r.cockpit) },
        { name: 'S3 frames/s, rolling', value: rolling.framesPerSecond, unit: 'frames/s', budget: 30, better: 'lower' },
        { name: 'S3 frames/s, burst', value: burst.framesPerSecond, unit: 'frames/s', budget: 30, better: 'lower' },
        { name: 'S3 terminal bytes/s, rolling', value: rolling.bytesPerSecond / 1024, unit: 'KiB/s' },
        { name: 'S3 terminal bytes/s, burst', value: burst.bytesPerSecond / 1024, unit: 'KiB/s' },
        { name: 'S3 cockpit CPU, rolling', value: rolling.cpuPercent, unit: '% of a core', note: `burst: ${burst.cpuPercent.toFixed(0)} %` },
        { name: 'S3 peer: kubectl get pods -w p50', value: percentile(kube, 50), unit: 'ms', note: 'same stream, time to print each change' },
        { name: 'S3 peer: kubectl get pods -w p99', value: percentile(kube, 99), unit: 'ms', note: `burst p99 ${percentile(burst.kubectl, 99).toFixed(0)} ms; ${r.kubectl.latencies.length} of ${r.kubectl.sent} changes printed; kubectl CPU ${rolling.kubectlCpuPercent.toFixed(0)} % rolling, ${burst.kubectlCpuPercent.toFixed(0)} % burst` },
      ];
    } finally {
      await cockpit.quit();
    }
  } finally {
    await c.stop();
  }
}
