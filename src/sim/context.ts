// What every kubesim controller is handed: the store, simulated time, the
// event recorder, the container log store and the registry images are pulled from.
import type { SimClock } from './clock.js';
import type { EventRecorder } from './events.js';
import type { LogStore } from './kubelet/log-store.js';
import type { ObjectStore } from './store/object-store.js';
import type { SimRegistry } from './registry/index.js';

export interface SimContext {
  store: ObjectStore;
  clock: SimClock;
  events: EventRecorder;
  logs: LogStore;
  /** kubesim's registry; without one (controller tests) images follow the shorthand alone. */
  registry?: Pick<SimRegistry, 'lookup' | 'store' | 'url' | 'hosts'>;
}

/** A control loop started with the simulator and stopped with it. */
export interface Controller {
  readonly name: string;
  start(): void;
  stop(): void;
}
