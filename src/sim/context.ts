// What every kubesim controller is handed: the store, simulated time, the
// event recorder and the container log store.
import type { SimClock } from './clock.js';
import type { EventRecorder } from './events.js';
import type { LogStore } from './kubelet/log-store.js';
import type { ObjectStore } from './store/object-store.js';

export interface SimContext {
  store: ObjectStore;
  clock: SimClock;
  events: EventRecorder;
  logs: LogStore;
}

/** A control loop started with the simulator and stopped with it. */
export interface Controller {
  readonly name: string;
  start(): void;
  stop(): void;
}
