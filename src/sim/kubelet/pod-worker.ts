// One pod on a simulated node: volumes and sandbox (pod IP), init containers
// in order, then the app containers, completion of run-to-completion pods and
// graceful termination ending in the pod's removal — writing status as the
// kubelet does after every change.
import { RT } from '../api/resources.js';
import type { SimContext } from '../context.js';
import { timestamp } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { volumeMountError } from './config-check.js';
import { ContainerRunner, type RunnerHost } from './container-runner.js';
import { buildPodStatus, type PodModel } from './pod-status.js';

/** Simulated ms from seeing the pod to its sandbox (and IP) being ready. */
export const SANDBOX_MS = 300;
/** How often a pod with a missing ConfigMap/Secret volume retries the mount. */
export const MOUNT_RETRY_MS = 5000;
/** Longest simulated time a container takes to stop after SIGTERM. */
export const MAX_STOP_MS = 1000;

/** Node-level resources a worker borrows from its kubelet. */
export interface NodeHandle {
  hostIP: string;
  imageCache: Set<string>;
  allocateIP(): string;
  /** The sandbox is gone (pod finished): its IP may be reused, though status keeps showing it. */
  releaseIP(): void;
}

/** Runs one pod's containers and keeps its status. */
export class PodWorker implements RunnerHost {
  readonly uid: string;
  readonly podRef: string;
  readonly imageCache: Set<string>;
  private readonly ns: string;
  private readonly name: string;
  private readonly policy: 'Always' | 'OnFailure' | 'Never';
  private readonly inits: ContainerRunner[];
  private readonly mains: ContainerRunner[];
  private readonly model: PodModel;
  private readonly timers = new Set<NodeJS.Timeout>();
  private initIndex = -1;
  private writeQueued = false;
  private completed = false;
  terminating = false;
  disposed = false;

  constructor(
    readonly ctx: SimContext,
    pod: KObject,
    private readonly node: NodeHandle,
  ) {
    this.uid = pod.metadata.uid!;
    this.ns = pod.metadata.namespace ?? 'default';
    this.name = pod.metadata.name!;
    this.podRef = `${this.name}_${this.ns}(${this.uid})`;
    this.imageCache = node.imageCache;
    this.policy = pod.spec?.restartPolicy ?? 'Always';
    const completes = this.policy !== 'Always';
    this.inits = (pod.spec?.initContainers ?? []).map((c: any) => new ContainerRunner(this, c, true, completes));
    this.mains = (pod.spec?.containers ?? []).map((c: any) => new ContainerRunner(this, c, false, completes));
    // The kubelet's default waiting reason once a pod has init containers (kubectl then shows Init:0/N).
    if (this.inits.length) for (const r of [...this.inits, ...this.mains]) r.model.state = { waiting: { reason: 'PodInitializing' } };
    this.model = {
      hostIP: node.hostIP,
      startTime: timestamp(ctx.clock.now()),
      sandboxReady: false,
      initDone: this.inits.length === 0,
      terminal: false,
      containers: [...this.inits, ...this.mains].map((r) => r.model),
    };
  }

  pod(): KObject | undefined {
    const p = this.ctx.store.get(RT.pods, this.ns, this.name);
    return p && p.metadata.uid === this.uid ? p : undefined;
  }

  private after(ms: number, fn: () => void): void {
    const t = this.ctx.clock.after(ms, () => {
      this.timers.delete(t);
      if (!this.disposed && !this.terminating) fn();
    });
    this.timers.add(t);
  }

  /** Begins the pod's life: first status now, sandbox shortly after. */
  start(): void {
    this.write();
    this.after(SANDBOX_MS, () => this.mountVolumes());
  }

  private mountVolumes(): void {
    const pod = this.pod();
    if (!pod) return;
    const problem = volumeMountError(this.ctx, pod);
    if (problem) {
      this.ctx.events.record(pod, 'Warning', 'FailedMount', problem, 'kubelet');
      this.after(MOUNT_RETRY_MS, () => this.mountVolumes());
      return;
    }
    this.model.sandboxReady = true;
    this.model.podIP = pod.spec?.hostNetwork ? this.node.hostIP : this.node.allocateIP();
    this.changed();
    this.nextInit();
  }

  private nextInit(): void {
    this.initIndex++;
    const runner = this.inits[this.initIndex];
    if (runner) {
      runner.launch();
      return;
    }
    this.model.initDone = true;
    this.changed();
    for (const r of this.mains) r.launch();
  }

  restartPolicy(runner: ContainerRunner): 'Always' | 'OnFailure' | 'Never' {
    if (runner.model.sidecar) return 'Always';
    if (runner.model.init) return this.policy === 'Never' ? 'Never' : 'OnFailure';
    return this.policy;
  }

  started(runner: ContainerRunner): void {
    // A sidecar lets the next init container start once it is running.
    if (runner.model.sidecar && runner === this.inits[this.initIndex] && !this.model.initDone) this.nextInit();
  }

  exited(runner: ContainerRunner, code: number): void {
    if (this.completed) return;
    if (runner.model.init && !runner.model.sidecar) {
      if (code === 0 && runner === this.inits[this.initIndex]) this.nextInit();
      else if (code !== 0 && this.policy === 'Never') this.complete();
      return;
    }
    if (runner.model.init) return;
    const finished = this.mains.every((r) => {
      const t = r.model.state.terminated;
      return t && (this.policy === 'Never' || (this.policy === 'OnFailure' && t.exitCode === 0));
    });
    if (finished) this.complete();
  }

  /** A run-to-completion pod is done: sidecars are stopped and the phase is final. */
  private complete(): void {
    this.completed = true;
    this.node.releaseIP();
    for (const r of [...this.inits, ...this.mains]) {
      r.cancel();
      r.finish();
    }
    this.changed();
  }

  changed(): void {
    if (this.writeQueued || this.disposed) return;
    this.writeQueued = true;
    // Coalesce the several changes of one step into one status write.
    queueMicrotask(() => {
      this.writeQueued = false;
      if (!this.disposed) this.write();
    });
  }

  private write(): void {
    const pod = this.pod();
    if (!pod) return;
    const status = buildPodStatus(pod, this.model, this.ctx.clock.now());
    try {
      this.ctx.store.update(RT.pods, { metadata: { name: this.name, namespace: this.ns }, status }, { subresource: 'status' });
    } catch {
      // The pod went away between the read and the write: nothing to report.
    }
  }

  /** Graceful deletion: Killing now, containers stopped after min(grace, 1s), then the pod is removed. */
  terminate(): void {
    if (this.terminating || this.disposed) return;
    this.terminating = true;
    for (const t of this.timers) this.ctx.clock.cancel(t);
    this.timers.clear();
    if (this.completed) {
      this.remove();
      return;
    }
    for (const r of [...this.inits, ...this.mains]) r.stop();
    const grace = this.pod()?.metadata.deletionGracePeriodSeconds ?? 30;
    const t = this.ctx.clock.after(Math.min(grace * 1000, MAX_STOP_MS), () => {
      this.timers.delete(t);
      if (this.disposed) return;
      for (const r of [...this.inits, ...this.mains]) r.finish();
      this.model.terminal = true;
      this.write();
      this.remove();
    });
    this.timers.add(t);
  }

  private remove(): void {
    if (!this.pod()) return;
    this.ctx.store.remove(RT.pods, this.ns, this.name);
  }

  /** Stops every timer (the pod is gone or the simulator stops). */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) this.ctx.clock.cancel(t);
    this.timers.clear();
    for (const r of [...this.inits, ...this.mains]) r.cancel();
  }
}
