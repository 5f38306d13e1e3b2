// The plumbing every workload controller shares: a store subscription that
// maps changes of its kind, of the objects it controls and of orphans it may
// adopt onto "ns/name" keys, a WorkQueue, a full resync on start, and timed
// requeues measured in simulated time.
import { ApiError } from '../api/errors.js';
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import type { KObject, ResourceType, StoreEvent } from '../store/types.js';
import { selectorMatcher } from './claim.js';
import { controllerRefOf, notePodReadiness } from './pods.js';
import { WorkQueue } from './work-queue.js';

/** What distinguishes one workload controller's loop from another's. */
export interface WorkloadLoopOptions {
  /** Controller name, also the event source component ("deployment-controller"). */
  name: string;
  /** The kind this controller reconciles. */
  kind: ResourceType;
  /** Kinds whose controller ownerReference points at `kind`. */
  owns: ResourceType[];
  /** Orphans of owned kinds trigger the objects whose spec.selector matches them (adoption). */
  adopts?: boolean;
  /** Kinds whose every change concerns all objects of `kind` (nodes for daemon sets). */
  watchAll?: ResourceType[];
  /** Further events that concern an object of `kind`: returns its "ns/name" key. */
  alsoOn?(e: StoreEvent): string | undefined;
  /** Brings one object ("ns", "name") to its desired state; it may be gone. */
  reconcile(ns: string, name: string): void;
}

function quietOnRaces(key: string, err: unknown): void {
  // 404/409 come from racing writers; the queue retries and they resolve.
  if (err instanceof ApiError && (err.code === 404 || err.code === 409)) return;
  console.error(`kubesim: reconcile ${key} failed:`, err);
}

/** A workload controller's event wiring and queue; the reconcile function does the work. */
export class WorkloadLoop implements Controller {
  readonly name: string;
  private readonly queue: WorkQueue;
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly opts: WorkloadLoopOptions,
  ) {
    this.name = opts.name;
    this.queue = new WorkQueue((key) => {
      const slash = key.indexOf('/');
      opts.reconcile(key.slice(0, slash), key.slice(slash + 1));
    }, quietOnRaces);
  }

  start(): void {
    this.unsubscribe = this.ctx.store.subscribe((e) => this.onEvent(e));
    for (const obj of this.ctx.store.list(this.opts.kind)) this.enqueue(obj);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.queue.stop();
    for (const t of this.timers.values()) this.ctx.clock.cancel(t.timer);
    this.timers.clear();
  }

  /** Queues an object of the controller's kind. */
  enqueue(obj: KObject): void {
    this.queue.add(`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
  }

  /** Reconciles `ns/name` again after `simMs` simulated ms; an earlier pending requeue wins. */
  requeueAfter(ns: string, name: string, simMs: number): void {
    const key = `${ns}/${name}`;
    const at = this.ctx.clock.now() + Math.max(0, simMs) / this.ctx.clock.speed;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) this.ctx.clock.cancel(pending.timer);
    const timer = this.ctx.clock.after(Math.max(0, simMs), () => {
      this.timers.delete(key);
      this.queue.add(key);
    });
    this.timers.set(key, { at, timer });
  }

  private onEvent(e: StoreEvent): void {
    if (e.rt.key === RT.pods.key) notePodReadiness(this.ctx, e);
    const kind = this.opts.kind;
    if (e.rt.key === kind.key) {
      this.enqueue(e.object);
    } else if (this.opts.owns.some((o) => o.key === e.rt.key)) {
      for (const obj of e.old ? [e.object, e.old] : [e.object]) {
        const ref = controllerRefOf(obj);
        if (ref && ref.kind === kind.kind) this.queue.add(`${obj.metadata.namespace ?? ''}/${ref.name}`);
        else if (!ref && this.opts.adopts && e.type !== 'DELETED') {
          for (const owner of this.ctx.store.list(kind, obj.metadata.namespace)) {
            if (selectorMatcher(owner.spec?.selector)(obj.metadata.labels)) this.enqueue(owner);
          }
        }
      }
    } else if (this.opts.watchAll?.some((w) => w.key === e.rt.key)) {
      for (const obj of this.ctx.store.list(kind)) this.enqueue(obj);
    }
    const extra = this.opts.alsoOn?.(e);
    if (extra) this.queue.add(extra);
  }
}
