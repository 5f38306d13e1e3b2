// What the scenario benchmarks share: kubesim in the bench's own process
// (so a change's commit time and the terminal's output are read on one
// clock), the bench chart installed by the real helm, the real
// bin/helmdeck in a pseudo-terminal read by a real terminal emulator, the
// real kubectl as the peer, and /proc for CPU and memory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freemem } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import { execa, type ResultPromise } from 'execa';
import * as pty from 'node-pty';
import { RT } from '../dist/sim/api/resources.js';
import { startSim, type Sim } from '../dist/sim/index.js';

const { Terminal } = xtermHeadless as unknown as { Terminal: typeof import('@xterm/headless').Terminal };

export const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'helmdeck');
const tools = join(root, '.tools', 'bin');

/** `--quick` (or HELMDECK_BENCH_QUICK=1 from `npm run bench -- --quick`): shorter durations, same shape. */
export const quick = process.argv.includes('--quick') || process.env.HELMDECK_BENCH_QUICK === '1';

/** The scenario's duration in seconds: the specified one, or the short one under --quick. */
export function seconds(full: number, short: number): number {
  return quick ? short : full;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Memory the kernel says is available, in MB (free memory plus what caches would give back). */
export function availableMb(): number {
  const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) / 1024 : freemem() / 2 ** 20;
}

/** Polls until `ok()` or the deadline; returns whether it became true. */
export async function until(ok: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
  return true;
}

/** kubesim with the bench release's namespace, and the environment helm, kubectl and helmdeck run with. */
export interface BenchCluster {
  sim: Sim;
  dir: string;
  kubeconfig: string;
  env: Record<string, string>;
  namespace: string;
  release: string;
  stop(): Promise<void>;
}

/** Starts kubesim in this process with room for `pods` pods. */
export async function startCluster(pods: number, speed = 5): Promise<BenchCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  // Nodes of a normal size (110 pods), as many as the pods need, plus headroom for a rollout's surge.
  const nodes = Math.max(3, Math.ceil((pods * 1.3) / 110));
  const sim = await startSim({ kubeconfigPath: kubeconfig, nodes, speed });
  const env: Record<string, string> = {
    PATH: `${tools}:${process.env.PATH ?? ''}`,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'xdg'),
    KUBECONFIG: kubeconfig,
    TERM: 'xterm-256color',
    LANG: process.env.LANG ?? 'C.UTF-8',
    // Passed through so the cockpit can be measured with React's production build (NODE_ENV=production npm run bench).
    ...(process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {}),
  };
  return {
    sim, dir, kubeconfig, env, namespace: 'bench', release: 'bench',
    stop: async () => {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Installs the bench chart (one Deployment named like the release) with the real helm. */
export async function installRelease(c: BenchCluster, replicas: number, values: Record<string, string> = {}): Promise<void> {
  const sets = Object.entries({ replicas: String(replicas), ...values }).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  await execa(join(tools, 'helm'), ['install', c.release, join(root, 'bench', 'chart'), '-n', c.namespace, '--create-namespace', ...sets], { env: c.env });
}

/** Pods of the release's Deployment, and how many are Ready. */
export function podCounts(c: BenchCluster): { total: number; ready: number } {
  let total = 0;
  let ready = 0;
  for (const p of c.sim.ctx.store.list(RT.pods, c.namespace)) {
    if (p.metadata.labels?.app !== c.release || p.metadata.deletionTimestamp) continue;
    total++;
    if (p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')) ready++;
  }
  return { total, ready };
}

/** Scales the Deployment to `replicas` and waits until that many pods are Ready (and no more exist). */
export async function scaleAndWait(c: BenchCluster, replicas: number, timeoutMs = 600_000): Promise<void> {
  const store = c.sim.ctx.store;
  const d = store.get(RT.deployments, c.namespace, c.release)!;
  if (d.spec.replicas !== replicas) store.update(RT.deployments, { ...d, spec: { ...d.spec, replicas } });
  const ok = await until(() => {
    const n = podCounts(c);
    return n.total === replicas && n.ready === replicas;
  }, timeoutMs, 250);
  if (!ok) throw new Error(`${replicas} pods not ready within ${timeoutMs / 1000} s (${JSON.stringify(podCounts(c))})`);
}

/** The real cockpit in a pseudo-terminal. */
export interface Cockpit {
  pid: number;
  /** performance.now() at spawn. */
  startedAt: number;
  /** Frames written so far (Ink wraps each in a synchronized-update pair) and bytes. */
  frames: number;
  bytes: number;
  lines(): string[];
  /** Calls `fn` after every frame is parsed, with the frame's arrival time and the screen. */
  onFrame(fn: (at: number, lines: string[]) => void): () => void;
  /** Waits for a frame whose screen matches; resolves with that frame's arrival time. */
  waitFor(match: RegExp | ((lines: string[]) => boolean), timeoutMs: number): Promise<number>;
  write(data: string): void;
  quit(): Promise<void>;
}

// Ink's end-of-frame marker: every frame it writes to a terminal ends with it.
const FRAME_END = '\x1b[?2026l';

/** Spawns `bin/helmdeck watch RELEASE` in a `cols`×`rows` pty. */
export function spawnCockpit(c: BenchCluster, cols = 160, rows = 48): Cockpit {
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  const startedAt = performance.now();
  // HELMDECK_BENCH_PROFILE=DIR: the cockpit writes a V8 CPU profile there when it quits.
  const profile = process.env.HELMDECK_BENCH_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.HELMDECK_BENCH_PROFILE}` } : {};
  const proc = pty.spawn(process.execPath, [bin, 'watch', c.release, '-n', c.namespace], { name: 'xterm-256color', cols, rows, cwd: root, env: { ...c.env, ...profile } });
  const listeners = new Set<(at: number, lines: string[]) => void>();
  let tail = '';
  const lines = () => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  const self: Cockpit = {
    pid: proc.pid,
    startedAt,
    frames: 0,
    bytes: 0,
    lines,
    onFrame(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    waitFor(match, timeoutMs) {
      const test = typeof match === 'function' ? match : (l: string[]) => match.test(l.join('\n'));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`cockpit: no frame matching ${String(match)} within ${timeoutMs} ms; screen:\n${lines().join('\n')}`));
        }, timeoutMs);
        const off = self.onFrame((at, l) => {
          if (!test(l)) return;
          clearTimeout(timer);
          off();
          resolve(at);
        });
      });
    },
    write: (d) => proc.write(d),
    quit: async () => {
      const exited = new Promise<void>((r) => proc.onExit(() => r()));
      proc.write('q');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  proc.onData((d) => {
    // Stamped on arrival, before the emulator parses it.
    const at = performance.now();
    self.bytes += Buffer.byteLength(d);
    const text = tail + d;
    let ends = 0;
    for (let i = text.indexOf(FRAME_END); i >= 0; i = text.indexOf(FRAME_END, i + 1)) ends++;
    tail = text.slice(-(FRAME_END.length - 1));
    self.frames += ends;
    term.write(d, () => {
      if (!ends || !listeners.size) return;
      const l = lines();
      for (const fn of [...listeners]) fn(at, l);
    });
  });
  return self;
}

/** `kubectl get pods -w`: the peer. Calls `onLine` with each printed line and its arrival time. */
export function kubectlWatch(c: BenchCluster, onLine: (at: number, line: string) => void): { proc: ResultPromise; stop(): Promise<void> } {
  const proc = execa(join(tools, 'kubectl'), ['get', 'pods', '-w', '-n', c.namespace, '-l', `app=${c.release}`], { env: c.env, reject: false, buffer: false });
  let buf = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (d: string) => {
    const at = performance.now();
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(at, buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  return {
    proc,
    stop: async () => {
      proc.kill('SIGTERM');
      await proc;
    },
  };
}

/**
 * Event-to-frame latency of churn changes (each writes a unique restart
 * count, LOAD_SEQ_BASE + n, which both the cockpit's RESTARTS column and
 * kubectl's print). When count m of pod P shows, every change of P up to m
 * has reached the screen — a change overwritten within a frame counts as
 * shown by the frame that shows its successor, which is what the operator
 * sees.
 */
export class ChangeTracker {
  private readonly byPod = new Map<string, { seq: number; at: number; hot: boolean }[]>();
  private readonly podOf = new Map<number, string>();
  readonly latencies: number[] = [];
  readonly hotLatencies: number[] = [];
  /** Each measured latency with its change's commit time, to split a run into phases. */
  readonly samples: { sentAt: number; ms: number }[] = [];
  sent = 0;
  hotSent = 0;
  readonly sentAt: number[] = [];

  /** Latencies of the changes committed in [from, to). */
  between(from: number, to: number): number[] {
    return this.samples.filter((x) => x.sentAt >= from && x.sentAt < to).map((x) => x.ms);
  }

  /** Changes committed in [from, to). */
  sentBetween(from: number, to: number): number {
    return this.sentAt.filter((t) => t >= from && t < to).length;
  }
  record(c: { seq: number; pod: string; at: number; hot: boolean }): void {
    this.sentAt.push(c.at);
    this.sent++;
    if (c.hot) this.hotSent++;
    this.podOf.set(c.seq, c.pod);
    let list = this.byPod.get(c.pod);
    if (!list) this.byPod.set(c.pod, (list = []));
    list.push({ seq: c.seq, at: c.at, hot: c.hot });
  }

  /** Count `seq` is on screen (or printed) at `at`. */
  seen(seq: number, at: number): void {
    const pod = this.podOf.get(seq);
    if (pod === undefined) return;
    const list = this.byPod.get(pod)!;
    let keep = 0;
    for (const e of list) {
      if (e.seq <= seq) {
        this.latencies.push(at - e.at);
        this.samples.push({ sentAt: e.at, ms: at - e.at });
        if (e.hot) this.hotLatencies.push(at - e.at);
      } else {
        list[keep++] = e;
      }
    }
    list.length = keep;
  }
}

/** Sequence numbers (restart counts ≥ 100001) in the given text. */
export function seqNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\b(1\d{5,6})\b/g)) out.push(Number(m[1]));
  return out;
}

/** Sleeps until just after a wall-clock minute boundary when less than `needSeconds` remain in this minute. */
export async function avoidMinuteBoundary(needSeconds: number): Promise<void> {
  const intoMinute = (Date.now() % 60_000) / 1000;
  if (60 - intoMinute < needSeconds + 1) await sleep((60 - intoMinute + 0.5) * 1000);
}
