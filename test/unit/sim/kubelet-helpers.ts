// Shared fixtures for the kubelet tests: a node/scheduler/kubelet cluster,
// hand-made pods and event lookups.
import { afterEach } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { Controller, SimContext } from '../../../src/sim/context.js';
import { createKubelet } from '../../../src/sim/kubelet/kubelet.js';
import { createNodeController } from '../../../src/sim/kubelet/nodes.js';
import { createScheduler } from '../../../src/sim/kubelet/scheduler.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { makeContext, run } from '../../helpers/sim-context.js';

export interface KubeletCluster {
  ctx: SimContext;
  /** Every Event, in the order it was first recorded. */
  events: KObject[];
}

/**
 * Call at the top of a test file: returns a function that starts the node
 * controller, scheduler and kubelet (plus `extra` controllers) at `speed`,
 * and registers an afterEach that stops whatever the test started.
 */
export function kubeletClusters(extra: (ctx: SimContext) => Controller[] = () => []): (speed?: number) => KubeletCluster {
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    stop = undefined;
  });
  return (speed = 50) => {
    const ctx = makeContext(speed);
    const events = recordEvents(ctx);
    stop = run(ctx, [createNodeController(ctx), createScheduler(ctx), createKubelet(ctx), ...extra(ctx)]);
    return { ctx, events };
  };
}

export function env(vars: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}

export function podObject(name: string, spec: Record<string, any>, labels: Record<string, string> = { app: name }): KObject {
  return { metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec } };
}

export function getPod(ctx: SimContext, name: string): KObject | undefined {
  return ctx.store.get(RT.pods, 'default', name);
}

export function containerStatus(pod: KObject | undefined, name = 'app', init = false): any {
  return (pod?.status?.[init ? 'initContainerStatuses' : 'containerStatuses'] ?? []).find((s: any) => s.name === name);
}

export function condition(pod: KObject | undefined, type: string): any {
  return (pod?.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** Collects every Event as it is first recorded, so tests can check their order. */
export function recordEvents(ctx: SimContext): KObject[] {
  const seen: KObject[] = [];
  ctx.store.subscribe((e) => {
    if (e.rt.key === RT.events.key && e.type === 'ADDED') seen.push(e.object);
  });
  return seen;
}

/** Reasons of the recorded events about one object, in order. */
export function reasonsFor(events: KObject[], name: string): string[] {
  return events.filter((e) => e.involvedObject?.name === name).map((e) => e.reason as string);
}
