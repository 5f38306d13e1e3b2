// Builds a kubesim world without HTTP for controller tests: store, fast
// clock, events, logs and the default namespace.
import { createClock } from '../../src/sim/clock.js';
import type { Controller, SimContext } from '../../src/sim/context.js';
import { createEventRecorder } from '../../src/sim/events.js';
import { LogStore } from '../../src/sim/kubelet/log-store.js';
import { RT, resourceTypes } from '../../src/sim/api/resources.js';
import { ObjectStore } from '../../src/sim/store/object-store.js';

export function makeContext(speed = 20): SimContext {
  const store = new ObjectStore();
  store.registerTypes(resourceTypes);
  const clock = createClock(speed);
  store.create(RT.namespaces, { metadata: { name: 'default' } });
  return { store, clock, events: createEventRecorder(store, clock), logs: new LogStore() };
}

/** Starts controllers and returns a function that stops them and the clock. */
export function run(ctx: SimContext, controllers: Controller[]): () => void {
  for (const c of controllers) c.start();
  return () => {
    for (const c of controllers) c.stop();
    ctx.clock.stopAll();
  };
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
