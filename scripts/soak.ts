// `npm run soak [-- --minutes 30]`: helmdeck's live model against kubesim
// for a long time, with pod churn and a fault every few seconds (dropped
// watches, expired history, restarts, 5xx bursts, pauses, latency, a
// forbidden resource), measuring what a long maintenance window needs to stay
// flat: RSS (drift after warm-up at most --max-drift %), open sockets, and
// how often the watches reconnected. At the end the faults stop and the model
// must equal the server again. Exits 1 when a limit is broken. kubesim runs
// in its own process, so the figures are helmdeck's alone.
//
// Flags (or SOAK_* environment variables): --minutes (30), --fault-every
// seconds (5), --pods (300), --events-per-second (50), --max-drift percent
// (10), --json.
import { readdirSync, readlinkSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import YAML from 'yaml';
import { connect, listAll } from '../dist/kube/index.js';
import { startLiveModel } from '../dist/model/live-model.js';
import { createDeckStore } from '../dist/store/index.js';

const bin = join(import.meta.dirname, '..', 'bin', 'helmdeck');
const NS = 'soak';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '30' },
    'fault-every': { type: 'string', default: process.env.SOAK_FAULT_EVERY ?? '5' },
    pods: { type: 'string', default: process.env.SOAK_PODS ?? '300' },
    'events-per-second': { type: 'string', default: process.env.SOAK_EVENTS_PER_SECOND ?? '50' },
    'max-drift': { type: 'string', default: process.env.SOAK_MAX_DRIFT ?? '10' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`soak: --${name}: expected a positive number, got "${text}"\n`);
    process.exit(2);
  }
  return n;
}

const minutes = positive('minutes', flags.minutes);
const faultEveryMs = positive('fault-every', flags['fault-every']) * 1000;
const pods = Math.round(positive('pods', flags.pods));
const eventsPerSecond = Math.round(positive('events-per-second', flags['events-per-second']));
const maxDrift = positive('max-drift', flags['max-drift']);
const durationMs = minutes * 60_000;
// Caches, JIT and the first relists settle first: a fifth of the run, between 30 s and 5 min.
const warmupMs = Math.min(5 * 60_000, Math.max(30_000, durationMs / 5));
const log = (line: string): void => void (flags.json ? process.stderr : process.stdout).write(line + '\n');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

/** Open sockets of this process, from /proc/self/fd (TCP connections to kubesim, mostly). */
function openSockets(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed between the listing and the read
    }
  }
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

interface Admin {
  post(path: string, body: unknown): Promise<unknown>;
}

/** kubesim's admin endpoints, through the kubeconfig's server, CA and token. */
function admin(kubeconfig: string): Admin {
  const doc = YAML.parse(readFileSync(kubeconfig, 'utf8'));
  const cluster = doc.clusters[0].cluster;
  const token = doc.users[0].user.token as string;
  const ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  return {
    post: (path, payload) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify(payload);
        const req = request(new URL(path, cluster.server), { method: 'POST', ca, agent: false, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, timeout: 30_000 }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text || '{}')) : reject(new Error(`kubesim ${path}: ${res.statusCode} ${text}`))));
        });
        req.on('timeout', () => req.destroy(new Error(`kubesim ${path}: no answer`)));
        req.on('error', reject);
        req.end(body);
      }),
  };
}

/**
 * Each fault, and how long it lasts before it is lifted (0: a one-off). A
 * lasting fault only meets new requests, so it comes with dropped watches:
 * the reconnections are what it tests.
 */
const FAULTS: { name: string; apply: string[]; holdMs: number; lift?: string[] }[] = [
  { name: 'drop-watches', apply: ['drop-watches'], holdMs: 0 },
  { name: 'expire-watches', apply: ['drop-watches', 'expire-watches'], holdMs: 0 },
  { name: 'restart', apply: ['restart'], holdMs: 0 },
  { name: 'errors=0.5', apply: ['errors=0.5', 'drop-watches'], holdMs: 4000, lift: ['errors=0'] },
  { name: 'pause', apply: ['drop-watches', 'pause'], holdMs: 6000, lift: ['resume'] },
  { name: 'latency=300', apply: ['latency=300', 'drop-watches'], holdMs: 3000, lift: ['latency=0'] },
  { name: 'forbid=pods', apply: ['forbid=pods', 'drop-watches'], holdMs: 3000, lift: ['allow=pods'] },
  { name: 'expire-watches=status', apply: ['drop-watches', 'expire-watches=status'], holdMs: 0 },
];

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-soak-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const sim = execa(process.execPath, [bin, 'sim', 'serve', '--kubeconfig', kubeconfig, '--speed', '10', '--nodes', String(Math.max(3, Math.ceil(pods / 100)))], { reject: false });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      sim.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('kubesim ready')) resolve();
      });
      void sim.then((r) => reject(new Error(`kubesim exited early: ${r.stderr}`)));
    });
    const api = admin(kubeconfig);
    await api.post('/kubesim/v1/load', { namespace: NS, pods, eventsPerSecond, seconds: Math.ceil(durationMs / 1000) + 120 });
    log(`soak: ${minutes} min, ${pods} pods churning ${eventsPerSecond} changes/s, a fault every ${faultEveryMs / 1000} s, warm-up ${Math.round(warmupMs / 1000)} s, RSS drift limit ${maxDrift} %`);

    const conn = connect({ kubeconfig, namespace: NS });
    const store = createDeckStore();
    const model = startLiveModel({ conn, store });
    await model.waitForSync(120_000);

    // Ctrl-C ends the run early with the figures so far, and kubesim is stopped, not orphaned.
    let stopEarly = false;
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void (stopEarly = true));
    const t0 = Date.now();
    const samples: { at: number; rss: number; sockets: number }[] = [];
    const applied = new Map<string, number>();
    let faultIndex = 0;
    let nextFault = t0 + faultEveryMs;
    let nextSample = t0;
    while (Date.now() - t0 < durationMs && !stopEarly) {
      const now = Date.now();
      if (now >= nextFault) {
        const f = FAULTS[faultIndex++ % FAULTS.length]!;
        for (const spec of f.apply) {
          // A restart drops every connection, the one that asked for it too.
          await api.post('/kubesim/v1/faults', { fault: spec }).catch((err: NodeJS.ErrnoException) => {
            if (spec !== 'restart' || err.code !== 'ECONNRESET') throw err;
          });
        }
        applied.set(f.name, (applied.get(f.name) ?? 0) + 1);
        if (f.lift) {
          await sleep(f.holdMs);
          for (const spec of f.lift) await api.post('/kubesim/v1/faults', { fault: spec });
        }
        nextFault = Date.now() + faultEveryMs;
      }
      if (now >= nextSample) {
        samples.push({ at: now - t0, rss: rssMb(), sockets: openSockets() });
        const last = samples.at(-1)!;
        const st = stats(model);
        log(`  ${(last.at / 1000).toFixed(0).padStart(5)} s  rss ${last.rss.toFixed(1)} MB  sockets ${last.sockets}  watches ${st.watches}  lists ${st.lists}  410s ${st.relists410}  failures ${st.failures}  silent ${st.silentWatches}  pods ${store.getState().pods.size}`);
        nextSample = now + 10_000;
      }
      await sleep(250);
    }

    // Faults off, churn may go on: the model must catch up with the server.
    await api.post('/kubesim/v1/faults', { fault: 'reset' });
    let consistent = false;
    const deadline = Date.now() + 60_000;
    while (!consistent && Date.now() < deadline) {
      await sleep(1000);
      model.batcher.flush();
      const server = await listAll(conn, `/api/v1/namespaces/${NS}/pods`);
      const names = new Set(server.items.map((p) => `${NS}/${p.metadata.name}`));
      const mine = store.getState().pods;
      consistent = [...model.informers.values()].every((i) => i.state.state === 'live') && mine.size === names.size && [...names].every((n) => mine.has(n));
    }
    const final = stats(model);
    await model.stop();

    const after = samples.filter((s) => s.at >= warmupMs);
    const baseline = median(after.slice(0, 3).map((s) => s.rss));
    const end = median(after.slice(-3).map((s) => s.rss));
    const drift = ((end - baseline) / baseline) * 100;
    const sockets = after.map((s) => s.sockets);
    // Flat: the open sockets at the end are no more than at the start of the measured window, plus a restart's worth in flight.
    const socketsFlat = sockets.length > 0 && median(sockets.slice(-3)) <= median(sockets.slice(0, 3)) + 2;
    const result = {
      minutes,
      faults: Object.fromEntries(applied),
      faultsApplied: [...applied.values()].reduce((a, b) => a + b, 0),
      rssMb: { baseline: round(baseline), end: round(end), max: round(Math.max(...samples.map((s) => s.rss))) },
      rssDriftPercent: round(drift),
      maxDriftPercent: maxDrift,
      sockets: { start: sockets[0], end: sockets.at(-1), min: Math.min(...sockets), max: Math.max(...sockets), flat: socketsFlat },
      reconnections: final,
      consistentAtEnd: consistent,
      pass: Number.isFinite(drift) && drift <= maxDrift && socketsFlat && consistent,
    };
    if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else {
      log('');
      log(`RSS after warm-up: ${result.rssMb.baseline} MB → ${result.rssMb.end} MB (drift ${result.rssDriftPercent} %, limit ${maxDrift} %; max ${result.rssMb.max} MB)`);
      log(`open sockets: start ${result.sockets.start}, end ${result.sockets.end}, range ${result.sockets.min}–${result.sockets.max} (${socketsFlat ? 'flat' : 'GROWING'})`);
      log(`faults applied: ${result.faultsApplied} (${Object.entries(result.faults).map(([k, v]) => `${k} ×${v}`).join(', ')})`);
      log(`watch requests ${final.watches}, lists ${final.lists}, 410 relists ${final.relists410}, failures ${final.failures}, silent watches ${final.silentWatches}, stale events dropped ${final.staleEvents}`);
      log(`model equals the server after the faults stopped: ${consistent ? 'yes' : 'NO'}`);
      log(result.pass ? 'soak: pass' : 'soak: FAIL');
    }
    return result.pass ? 0 : 1;
  } finally {
    sim.kill('SIGTERM');
    await sim;
    rmSync(dir, { recursive: true, force: true });
  }
}

function stats(model: ReturnType<typeof startLiveModel>) {
  const sum = { watches: 0, lists: 0, relists410: 0, failures: 0, silentWatches: 0, staleEvents: 0 };
  for (const i of model.informers.values()) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += i.stats[k];
  return sum;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

process.exitCode = await main();
