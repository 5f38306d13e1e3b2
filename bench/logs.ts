// S5 logs: 5 pods each writing 400 lines a second (100 bytes each) for
// 60 s. Two measurements, one after the other:
// - the cockpit following the first pod's log in its Logs pane: lines
//   lost (written by kubesim minus received by the view, which shows
//   "N lines (M older dropped)"), RSS drift from 20 s in (the view's
//   5,000-line buffer is full by then) to the end,
//   line-to-frame latency (the newest "load line N" on screen vs when
//   kubesim wrote it), and key-to-frame latency: every 2 s `w` (wrap
//   on/off) is pressed and timed until a frame shows the flag changed;
// - the live model alone (bench/log-model.ts, its own process) following
//   all 5 pods — 2,000 lines/s into one bounded view: lines lost, RSS drift
//   from 20 s in to the end.
import { execa } from 'execa';
import { RT } from '../dist/sim/api/resources.js';
import { startLoad } from '../dist/sim/load.js';
import type { Figure } from './figures.ts';
import { cpuSeconds, installRelease, percentile, root, rssMb, scaleAndWait, seconds, sleep, spawnCockpit, startCluster, until, type BenchCluster } from './harness.ts';

const PODS = 5;
const RATE = 400;
/** log-views.ts opens a follow with tailLines=500. */
const TAIL = 500;

function podsByName(c: BenchCluster): { name: string; uid: string }[] {
  return c.sim.ctx.store
    .list(RT.pods, c.namespace)
    .filter((p: any) => p.metadata.labels?.app === c.release)
    .map((p: any) => ({ name: p.metadata.name, uid: p.metadata.uid }))
    .sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
}

/** Counts every line kubesim appends to the pods' `app` containers from now on; `before` is what each held already. */
function countLines(c: BenchCluster, pods: { uid: string }[]): { before: number; appended: () => number; stop(): void } {
  let appended = 0;
  const offs = pods.map((p) => c.sim.ctx.logs.subscribe(p.uid, 'app', (e: any) => void (e.type === 'line' && appended++)));
  const before = pods.reduce((t, p) => t + Math.min(TAIL, c.sim.ctx.logs.lines(p.uid, 'app').length), 0);
  return { before, appended: () => appended, stop: () => offs.forEach((f) => f()) };
}

async function cockpitLogs(c: BenchCluster, duration: number): Promise<Figure[]> {
  const [first] = podsByName(c);
  const cockpit = spawnCockpit(c);
  try {
    await cockpit.waitFor(new RegExp(`1 Pods \\(${PODS}\\)`), 60_000);
    await sleep(1000);
    const counter = countLines(c, [first!]);
    cockpit.write('l');
    await cockpit.waitFor(new RegExp(`6 Logs ${first!.name}/app`), 10_000);
    cockpit.write('6');
    await sleep(1000);

    const writtenAt = new Map<number, number>();
    const lineLatency: number[] = [];
    let newest = 0;
    // The Logs pane is the right 65 % of the bottom band.
    const offFrame = cockpit.onFrame((at, lines) => {
      for (const line of lines.slice(30)) {
        const m = /load line (\d+) pod (\S+)/.exec(line.slice(56));
        if (!m || m[2] !== first!.name) continue;
        const n = Number(m[1]);
        if (n <= newest) continue;
        newest = n;
        const sent = writtenAt.get(n);
        if (sent !== undefined) lineLatency.push(at - sent);
      }
    });
    const f0 = cockpit.frames;
    const cpu0 = cpuSeconds(cockpit.pid);
    const t0 = performance.now();
    const run = startLoad(c.sim.ctx, {
      namespace: c.namespace,
      selector: `app=${c.release}`,
      seconds: duration,
      logs: { pods: PODS, linesPerSecond: RATE },
      onLog: (l: any) => void (l.pod === first!.name && writtenAt.set(l.seq, l.at)),
    });
    const keys: number[] = [];
    let rssEarly = NaN;
    const wrapOn = (lines: string[]) => lines.slice(30).some((l) => /following · wrap/.test(l));
    while (performance.now() - t0 < duration * 1000 - 2500) {
      await sleep(2000);
      if (Number.isNaN(rssEarly) && performance.now() - t0 >= Math.min(20_000, duration * 500)) rssEarly = rssMb(cockpit.pid);
      const was = wrapOn(cockpit.lines());
      const pressed = performance.now();
      const shown = cockpit.waitFor((l) => wrapOn(l) !== was, 5000).catch(() => NaN);
      cockpit.write('w');
      keys.push((await shown) - pressed);
    }
    await run.done;
    const secs = (performance.now() - t0) / 1000;
    const cpu = ((cpuSeconds(cockpit.pid) - cpu0) / secs) * 100;
    const frames = (cockpit.frames - f0) / secs;
    const rssEnd = rssMb(cockpit.pid);
    await sleep(2000);
    offFrame();
    counter.stop();
    const info = cockpit.lines().slice(30).map((l) => /(\d+) lines(?: \((\d+) older dropped\))?/.exec(l)).find(Boolean);
    const received = info ? Number(info[1]) + Number(info[2] ?? 0) : NaN;
    const expected = counter.before + counter.appended();
    return [
      { name: 'S5 cockpit: log lines lost', value: expected - received, unit: 'lines', budget: 0, better: 'lower', note: `${received} of ${expected} received; 1 pod × ${RATE} lines/s for ${duration} s (5 pods writing)` },
      { name: 'S5 cockpit: key-to-frame p50', value: percentile(keys, 50), unit: 'ms', note: `${keys.length} presses of w while following` },
      { name: 'S5 cockpit: key-to-frame p99', value: percentile(keys, 99), unit: 'ms', budget: 100, better: 'lower', note: `max ${Math.max(...keys).toFixed(0)} ms` },
      { name: 'S5 cockpit: line-to-frame p99', value: percentile(lineLatency, 99), unit: 'ms', note: `p50 ${percentile(lineLatency, 50).toFixed(0)} ms` },
      { name: 'S5 cockpit: RSS drift', value: rssEnd - rssEarly, unit: 'MB', note: `${rssEarly.toFixed(0)} → ${rssEnd.toFixed(0)} MB` },
      { name: 'S5 cockpit: CPU', value: cpu, unit: '% of a core', note: `${frames.toFixed(1)} frames/s` },
    ];
  } finally {
    await cockpit.quit();
  }
}

async function modelLogs(c: BenchCluster, duration: number): Promise<Figure[]> {
  const pods = podsByName(c);
  const child = execa(process.execPath, [`${root}/bench/log-model.ts`, c.kubeconfig, c.namespace, `app=${c.release}`, String(duration + 6)], { env: c.env, reject: false, buffer: false });
  const reports: { t: number; rss: number; received: number }[] = [];
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    let i: number;
    while ((i = out.indexOf('\n')) >= 0) {
      reports.push(JSON.parse(out.slice(0, i)));
      out = out.slice(i + 1);
    }
  });
  // The first report comes once the model has listed and the view is following.
  await until(() => reports.length > 0, 60_000);
  await sleep(1500);
  const counter = countLines(c, pods);
  const r0 = reports.at(-1)!;
  const run = startLoad(c.sim.ctx, { namespace: c.namespace, selector: `app=${c.release}`, seconds: duration, logs: { pods: PODS, linesPerSecond: RATE } });
  await run.done;
  const during = reports.filter((r) => r.t > r0.t);
  await child;
  counter.stop();
  const last = reports.at(-1)!;
  const early = during.find((r) => r.t - r0.t >= Math.min(20, duration / 2)) ?? during[0]!;
  const got = last.received - r0.received;
  return [
    { name: 'S5 model: log lines lost', value: counter.appended() - got, unit: 'lines', budget: 0, better: 'lower', note: `${got} of ${counter.appended()} received; ${PODS} pods × ${RATE} lines/s into one view` },
    { name: 'S5 model: RSS drift', value: last.rss - early.rss, unit: 'MB', note: `${early.rss.toFixed(0)} → ${last.rss.toFixed(0)} MB` },
  ];
}

export async function logs(): Promise<Figure[]> {
  const duration = seconds(60, 10);
  const c = await startCluster(PODS);
  try {
    await installRelease(c, PODS);
    await scaleAndWait(c, PODS);
    const viaCockpit = await cockpitLogs(c, duration);
    const viaModel = await modelLogs(c, duration);
    return [...viaCockpit, ...viaModel];
  } finally {
    await c.stop();
  }
}
