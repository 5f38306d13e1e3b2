// A measured stream of pod changes seen by the cockpit and by kubectl in the
// same run (S2 steady, S3 rollout storm).
//
// How latency is measured: kubesim runs in this process, and its load
// generator writes each change as the pod's restart count set to a unique,
// increasing number (100001, 100002, …), noting performance.now() right
// after the store commits it. The cockpit runs in a pseudo-terminal; each
// chunk it writes is stamped on arrival here, and after each frame (Ink ends
// every frame with the synchronized-output marker) the emulated screen's
// Pods pane is searched for those numbers. When number m of pod P is on
// screen, every change of P up to m has been shown: latency = arrival of
// that frame − commit of the change. Only pods on screen can be seen, so the
// generator sends half of the changes to the first rows by name (the
// cockpit lists a workload's pods by name) and the rest across every pod —
// the cockpit processes all of them; the figure is over the changes whose
// row was on screen. kubectl prints every change, so its latency (arrival
// of its line here − commit) is over all changes of the same stream. All
// three processes share the machine's cores, as they would on a laptop.
import { LOAD_SEQ_BASE, startLoad, type LoadPhase } from '../dist/sim/load.js';
import { RT } from '../dist/sim/api/resources.js';
import { ChangeTracker, cpuSeconds, kubectlWatch, seqNumbers, sleep, until, type BenchCluster, type Cockpit } from './harness.ts';

/** Rows of the Pods pane at 160×48 that surely show pods (the pane has 13; the last is left out). */
export const HOT_ROWS = 10;

/** What one phase of the stream cost and how fast it was shown. */
export interface PhaseResult {
  seconds: number;
  /** Cockpit event-to-frame latencies (ms) of the changes committed in this phase. */
  latencies: number[];
  /** kubectl's time to print each change of this phase. */
  kubectl: number[];
  sent: number;
  cpuPercent: number;
  framesPerSecond: number;
  bytesPerSecond: number;
  /** Pod watch events kubesim committed per second (the churn plus whatever the controllers did). */
  podEventsPerSecond: number;
  kubectlCpuPercent: number;
}

export interface StreamResult {
  phases: PhaseResult[];
  cockpit: ChangeTracker;
  kubectl: ChangeTracker;
}

interface Mark {
  at: number;
  frames: number;
  bytes: number;
  cpu: number;
  kcpu: number;
  events: number;
}

/** Runs `phases` of churn on the release's pods while the cockpit (already showing them) and kubectl watch. */
export async function measureStream(c: BenchCluster, cockpit: Cockpit, phases: LoadPhase[], opts: { roll?: boolean } = {}): Promise<StreamResult> {
  const cockpitTrack = new ChangeTracker();
  const kubectlTrack = new ChangeTracker();
  let kubectlLines = 0;
  const watcher = kubectlWatch(c, (at, line) => {
    kubectlLines++;
    const m = /^(\S+)\s+\S+\s+\S+\s+(\d+)/.exec(line);
    if (m && Number(m[2]) > LOAD_SEQ_BASE) kubectlTrack.seen(Number(m[2]), at);
  });
  try {
    // kubectl first prints every pod once; the stream starts after that.
    const pods = c.sim.ctx.store.list(RT.pods, c.namespace).length;
    await until(() => kubectlLines >= pods, 60_000);
    await sleep(1000);

    // The Pods pane is the left half of the top band.
    const off = cockpit.onFrame((at, lines) => {
      for (const line of lines.slice(2, 24)) for (const n of seqNumbers(line.slice(0, 80))) cockpitTrack.seen(n, at);
    });
    let events = 0;
    const unsubscribe = c.sim.ctx.store.subscribe((e: any) => {
      if (e.rt.key === RT.pods.key) events++;
    });
    const mark = (): Mark => ({ at: performance.now(), frames: cockpit.frames, bytes: cockpit.bytes, cpu: cpuSeconds(cockpit.pid), kcpu: cpuSeconds(watcher.proc.pid!), events });
    const marks: Mark[] = [mark()];
    const run = startLoad(c.sim.ctx, {
      namespace: c.namespace,
      selector: `app=${c.release}`,
      change: 'restarts',
      phases,
      hot: { pods: HOT_ROWS, share: 0.5 },
      ...(opts.roll ? { deployment: { name: c.release, roll: 'continuous' as const } } : {}),
      onChange: (ch: any) => {
        cockpitTrack.record(ch);
        kubectlTrack.record(ch);
      },
    });
    let end = marks[0]!.at;
    for (const p of phases) {
      end += p.seconds * 1000;
      await sleep(Math.max(0, end - performance.now()));
      marks.push(mark());
    }
    await run.done;
    unsubscribe();
    // Changes still in flight get a second to arrive.
    await sleep(1000);
    off();
    return {
      cockpit: cockpitTrack,
      kubectl: kubectlTrack,
      phases: phases.map((_, i) => {
        const a = marks[i]!;
        const b = marks[i + 1]!;
        const secs = (b.at - a.at) / 1000;
        return {
          seconds: secs,
          latencies: cockpitTrack.between(a.at, b.at),
          kubectl: kubectlTrack.between(a.at, b.at),
          sent: cockpitTrack.sentBetween(a.at, b.at),
          cpuPercent: ((b.cpu - a.cpu) / secs) * 100,
          framesPerSecond: (b.frames - a.frames) / secs,
          bytesPerSecond: (b.bytes - a.bytes) / secs,
          podEventsPerSecond: (b.events - a.events) / secs,
          kubectlCpuPercent: ((b.kcpu - a.kcpu) / secs) * 100,
        };
      }),
    };
  } finally {
    await watcher.stop();
  }
}

/** "198 of 200 on-screen changes seen …" for a note. */
export function shownNote(t: ChangeTracker): string {
  return `${t.hotLatencies.length} of ${t.hotSent} changes to on-screen rows seen (${t.latencies.length} of ${t.sent} in all)`;
}
