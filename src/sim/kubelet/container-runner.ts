// One container's life on a simulated node: image pull (through kubesim's
// registry, with ErrImagePull and its back-off when it does not hold the image), config checks, create/start, the
// scripted readiness and exit, and restarts with the kubelet's crash-loop
// back-off — emitting the events and waiting reasons the real kubelet does.
import { randomBytes } from 'node:crypto';
import type { SimContext } from '../context.js';
import type { EventType } from '../events.js';
import { timestamp } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { containerConfigError } from './config-check.js';
import { shorthandLookup } from '../registry/index.js';
import { imageID, imageSize, pullErrorMessage, pullPolicy } from './images.js';
import type { ContainerModel } from './pod-status.js';
import { containerScript, exitReason, type ContainerScript } from './script.js';
import { goDuration, TIMING } from './timing.js';

/** What a runner needs from the pod worker that owns it. */
export interface RunnerHost {
  readonly ctx: SimContext;
  readonly uid: string;
  /** "name_namespace(uid)", the kubelet's format.Pod(). */
  readonly podRef: string;
  readonly imageCache: Set<string>;
  /** The stored pod, or undefined once it is gone. */
  pod(): KObject | undefined;
  /** Restarts allowed for this container: its own restartPolicy (sidecars) or the pod's. */
  restartPolicy(runner: ContainerRunner): 'Always' | 'OnFailure' | 'Never';
  /** The container model changed: the pod status needs writing. */
  changed(): void;
  started(runner: ContainerRunner): void;
  exited(runner: ContainerRunner, code: number): void;
}

/** Drives one container through pull → create → run → exit → restart. */
export class ContainerRunner {
  readonly model: ContainerModel;
  readonly script: ContainerScript;
  private readonly timers = new Set<NodeJS.Timeout>();
  private heartbeat: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private pullBackoffMs = 0;
  private startedAtMs = 0;
  private lastTerminated: Record<string, any> | undefined;
  /** The digest the last pull resolved, for imageID. */
  private pulledDigest: string | undefined;
  private instances = 0;
  private stopped = false;

  constructor(
    private readonly host: RunnerHost,
    readonly spec: any,
    init: boolean,
    completes: boolean,
  ) {
    const sidecar = init && spec.restartPolicy === 'Always';
    this.model = {
      name: spec.name,
      image: spec.image,
      init,
      sidecar,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      ready: false,
      started: false,
      restartCount: 0,
      imageID: '',
    };
    this.script = containerScript(spec, completes || (init && !sidecar));
  }

  private get fieldPath(): string {
    return `spec.${this.model.init ? 'initContainers' : 'containers'}{${this.model.name}}`;
  }

  private event(type: EventType, reason: string, message: string): void {
    const pod = this.host.pod();
    if (pod) this.host.ctx.events.record(pod, type, reason, message, 'kubelet', this.fieldPath);
  }

  private after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = this.host.ctx.clock.after(ms, () => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    });
    this.timers.add(t);
    return t;
  }

  /** Cancels every pending step (pod termination or removal). */
  cancel(): void {
    this.stopped = true;
    for (const t of this.timers) this.host.ctx.clock.cancel(t);
    this.timers.clear();
    this.host.ctx.clock.cancel(this.heartbeat);
  }

  get running(): boolean {
    return !!this.model.state.running;
  }

  /** Starts (or restarts) the container: pull, then create and start. */
  launch(): void {
    const image: string = this.spec.image;
    const policy = pullPolicy(this.spec);
    const lookup = (): ReturnType<typeof shorthandLookup> => (this.host.ctx.registry?.lookup ?? shorthandLookup)(image);
    // With imagePullPolicy Never an image the registry does not hold still goes through the pull path and fails there.
    if ((policy === 'Never' && lookup().held) || (policy !== 'Always' && policy !== 'Never' && this.host.imageCache.has(image))) {
      // The node's copy is the registry's image: imageID names its digest as a pulled one would.
      const present = lookup();
      this.pulledDigest = present.held ? present.digest : undefined;
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      this.after(TIMING.create, () => this.create());
      return;
    }
    this.event('Normal', 'Pulling', `Pulling image "${image}"`);
    this.after(TIMING.pull, () => {
      // Asked when the pull happens, so an image pushed during the back-off is found by the next try.
      const found = lookup();
      if (found.held) {
        this.host.imageCache.add(image);
        this.pulledDigest = found.digest;
        this.pullBackoffMs = 0;
        const took = `${TIMING.pull}ms`;
        this.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${found.size ?? imageSize(image)} bytes.`);
        this.after(TIMING.create, () => this.create());
        return;
      }
      const err = pullErrorMessage(image, found.error);
      this.event('Warning', 'Failed', `Failed to pull image "${image}": ${err}`);
      this.event('Warning', 'Failed', 'Error: ErrImagePull');
      this.setWaiting('ErrImagePull', err);
      this.after(TIMING.errImagePullShown, () => {
        this.pullBackoffMs = this.pullBackoffMs ? Math.min(this.pullBackoffMs * 2, TIMING.backoffMax) : TIMING.backoffInitial;
        this.setWaiting('ImagePullBackOff', `Back-off pulling image "${image}": ErrImagePull: ${err}`);
        this.event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
        this.event('Warning', 'Failed', 'Error: ImagePullBackOff');
        this.after(this.pullBackoffMs, () => this.launch());
      });
    });
  }

  private setWaiting(reason: string, message?: string): void {
    this.model.state = { waiting: { reason, ...(message ? { message } : {}) } };
    if (this.lastTerminated) this.model.lastState = { terminated: this.lastTerminated };
    this.host.changed();
  }

  private create(): void {
    const pod = this.host.pod();
    if (!pod) return;
    const problem = containerConfigError(this.host.ctx, pod, this.spec);
    if (problem) {
      this.event('Warning', 'Failed', `Error: ${problem}`);
      this.setWaiting('CreateContainerConfigError', problem);
      this.after(TIMING.configRetry, () => this.create());
      return;
    }
    const { ctx, uid } = this.host;
    const m = this.model;
    if (this.instances > 0) {
      m.restartCount++;
      m.lastState = this.lastTerminated ? { terminated: this.lastTerminated } : {};
    }
    this.instances++;
    m.containerID = `containerd://${randomBytes(32).toString('hex')}`;
    m.imageID = imageID(m.image, this.pulledDigest);
    this.event('Normal', 'Created', `Created container: ${m.name}`);
    // Log lines go in before the status says "running", so a follower that
    // starts on seeing Running gets them all.
    ctx.logs.rotate(uid, m.name);
    for (const line of this.script.logLines) ctx.logs.append(uid, m.name, line);
    this.startedAtMs = ctx.clock.now();
    m.state = { running: { startedAt: timestamp(this.startedAtMs) } };
    m.started = true;
    m.ready = false;
    this.event('Normal', 'Started', `Started container ${m.name}`);
    this.host.changed();
    this.host.started(this);
    const plainInit = m.init && !m.sidecar;
    if (this.script.readyAfterMs !== null && !plainInit) {
      this.after(this.script.readyAfterMs, () => {
        m.ready = true;
        this.host.changed();
      });
    }
    if (this.script.exit) {
      const { code, afterMs } = this.script.exit;
      this.after(afterMs, () => this.exit(code));
    }
    this.heartbeat = ctx.clock.every(TIMING.heartbeat, () => {
      if (this.running && !this.stopped) ctx.logs.append(uid, m.name, 'kubesim: heartbeat');
    });
  }

  private terminatedState(code: number): Record<string, any> {
    return {
      exitCode: code,
      reason: exitReason(code),
      startedAt: timestamp(this.startedAtMs),
      finishedAt: timestamp(this.host.ctx.clock.now()),
      containerID: this.model.containerID,
    };
  }

  private exit(code: number): void {
    const m = this.model;
    this.host.ctx.clock.cancel(this.heartbeat);
    for (const t of this.timers) this.host.ctx.clock.cancel(t);
    this.timers.clear();
    const terminated = this.terminatedState(code);
    m.state = { terminated };
    m.started = false;
    // A completed init container counts as ready; anything else that stopped is not.
    m.ready = m.init && !m.sidecar && code === 0;
    this.lastTerminated = terminated;
    this.host.changed();
    this.host.exited(this, code);
    const policy = this.host.restartPolicy(this);
    if (policy === 'Always' || (policy === 'OnFailure' && code !== 0)) this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const now = this.host.ctx.clock.now();
    // The kubelet forgets the back-off of a container that ran long enough.
    if (now - this.startedAtMs >= TIMING.backoffReset / this.host.ctx.clock.speed) this.backoffMs = 0;
    if (this.backoffMs === 0) {
      this.backoffMs = TIMING.backoffInitial;
      this.after(TIMING.firstRestart, () => this.launch());
      return;
    }
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, TIMING.backoffMax);
    const name = this.model.name;
    this.after(TIMING.errorShown, () => {
      this.setWaiting('CrashLoopBackOff', `back-off ${goDuration(delay)} restarting failed container=${name} pod=${this.host.podRef}`);
      this.event('Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${this.host.podRef}`);
    });
    this.after(delay, () => this.launch());
  }

  /** Graceful stop: announces Killing now; `finish` (after the grace period) marks it terminated. */
  stop(): void {
    this.cancel();
    if (this.running) this.event('Normal', 'Killing', `Stopping container ${this.model.name}`);
  }

  /** The end of a graceful stop: a running container exits 0 (it handled SIGTERM). */
  finish(): void {
    if (!this.running) return;
    const terminated = this.terminatedState(0);
    this.model.state = { terminated };
    this.model.ready = false;
    this.model.started = false;
  }
}
