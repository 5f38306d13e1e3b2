// GET /api/v1/namespaces/{ns}/pods/{name}/log: the API server's container
// validation and the kubelet's container-status checks (with their exact
// messages), then the log lines with tail/since/timestamps/limitBytes and
// --follow until the container stops, the pod goes, or the client leaves.
import { errors } from '../api/errors.js';
import { RT } from '../api/resources.js';
import type { SimContext } from '../context.js';
import type { KObject } from '../store/types.js';
import type { LogLine } from './log-store.js';

/** Query parameters of the pod log endpoint (already parsed to numbers/booleans). */
export interface LogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

/** Where the log goes (an HTTP response in the API server). */
export interface LogSink {
  write(chunk: string): boolean;
  end(): void;
}

/** The kubelet's fixed-width RFC 3339 nano timestamp ("2026-11-21T10:00:00.123456789Z"). */
export function formatLogTime(ms: number): string {
  // A double holds epoch milliseconds to about a microsecond: print that, padded to nanoseconds.
  let whole = Math.floor(ms);
  let micros = Math.round((ms - whole) * 1000);
  if (micros === 1000) {
    whole += 1;
    micros = 0;
  }
  const iso = new Date(whole).toISOString(); // ...T10:00:00.123Z
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}000Z`;
}

function validateOptions(name: string, o: LogOptions): void {
  const causes: { field: string; message: string }[] = [];
  if (o.tailLines !== undefined && o.tailLines < 0) causes.push({ field: 'tailLines', message: `Invalid value: ${o.tailLines}: must be greater than or equal to 0` });
  if (o.limitBytes !== undefined && o.limitBytes < 1) causes.push({ field: 'limitBytes', message: `Invalid value: ${o.limitBytes}: must be greater than 0` });
  if (o.sinceSeconds !== undefined && o.sinceSeconds < 1) causes.push({ field: 'sinceSeconds', message: `Invalid value: ${o.sinceSeconds}: must be greater than 0` });
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined) causes.push({ field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  if (o.sinceTime !== undefined && Number.isNaN(Date.parse(o.sinceTime))) causes.push({ field: 'sinceTime', message: `Invalid value: "${o.sinceTime}": must be an RFC3339 time` });
  if (causes.length) throw errors.invalid('PodLogOptions', name, causes);
}

/** ValidateContainer in the pod registry: picks the only container or rejects the name. */
function chooseContainer(pod: KObject, requested: string | undefined): string {
  const name = pod.metadata.name!;
  const inits: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
  const mains: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const ephemeral: string[] = (pod.spec?.ephemeralContainers ?? []).map((c: any) => c.name);
  if (!requested) {
    if (mains.length === 1) return mains[0]!;
    if (mains.length === 0) throw errors.badRequest(`a container name must be specified for pod ${name}`);
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${[...inits, ...mains, ...ephemeral].join(' ')}]`);
  }
  if (![...inits, ...mains, ...ephemeral].includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** validateContainerLogStatus in the kubelet: which instance to read, or the reason there is none. */
function chooseInstance(pod: KObject, container: string, previous: boolean): 'current' | 'previous' {
  const name = pod.metadata.name!;
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const cs = all.find((s: any) => s.name === container);
  if (!cs) throw errors.badRequest(`container "${container}" in pod "${name}" is not available`);
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  // While a container waits to restart, its latest instance is the one that last terminated.
  if (previous) {
    if (!last?.containerID) throw errors.badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    return waiting ? 'current' : 'previous';
  }
  if (running || terminated) return 'current';
  if (last) return 'current';
  if (waiting) {
    const reason = waiting.reason === 'ErrImagePull' ? "image can't be pulled" : waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : waiting.reason;
    throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start - no logs yet`);
}

/**
 * Streams a container's log to `out`. Throws ApiError (422 bad options, 400
 * bad container or nothing to read) before writing anything. Returns a
 * function that stops a follow early; `out.end()` is called exactly once.
 */
export function streamPodLogs(ctx: SimContext, pod: KObject, opts: LogOptions, out: LogSink): () => void {
  const name = pod.metadata.name!;
  validateOptions(name, opts);
  const latest = ctx.store.get(RT.pods, pod.metadata.namespace, name);
  const current = latest && latest.metadata.uid === pod.metadata.uid ? latest : pod;
  const container = chooseContainer(current, opts.container);
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    cleanup();
    out.end();
  };
  let cleanup = () => {};
  if (!current.spec?.nodeName) {
    // The API server answers an empty stream for a pod no kubelet runs yet.
    finish();
    return finish;
  }
  const which = chooseInstance(current, container, !!opts.previous);
  const uid = current.metadata.uid!;
  let lines = [...ctx.logs.lines(uid, container, which)];
  const since = opts.sinceTime !== undefined ? Date.parse(opts.sinceTime) : opts.sinceSeconds !== undefined ? ctx.clock.now() - opts.sinceSeconds * 1000 : undefined;
  if (since !== undefined) lines = lines.filter((l) => l.time >= since);
  if (opts.tailLines !== undefined) lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
  let budget = opts.limitBytes ?? Infinity;
  const emit = (l: LogLine): void => {
    if (ended) return;
    let text = `${opts.timestamps ? `${formatLogTime(l.time)} ` : ''}${l.line}\n`;
    const size = Buffer.byteLength(text);
    if (size > budget) text = Buffer.from(text).subarray(0, budget).toString();
    budget -= Math.min(size, budget);
    if (text) out.write(text);
    if (budget <= 0) finish();
  };
  for (const l of lines) emit(l);
  const status = (p: KObject | undefined) => [...(p?.status?.containerStatuses ?? []), ...(p?.status?.initContainerStatuses ?? [])].find((s: any) => s.name === container);
  const runningID = status(current)?.state?.running ? status(current).containerID : undefined;
  if (ended || !opts.follow || opts.previous || !runningID) {
    finish();
    return finish;
  }
  // Follow: new lines of this instance until it stops running (or restarts), or the pod is gone.
  const offLogs = ctx.logs.subscribe(uid, container, (e) => (e.type === 'line' ? emit(e.line) : finish()));
  const offStore = ctx.store.subscribe((e) => {
    if (e.rt.key !== RT.pods.key || e.object.metadata.uid !== uid) return;
    if (e.type === 'DELETED' || status(e.object)?.containerID !== runningID || !status(e.object)?.state?.running) finish();
  });
  cleanup = () => {
    offLogs();
    offStore();
  };
  return finish;
}

