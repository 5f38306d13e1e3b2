// Shared fixtures for the kubelet tests: hand-made pods and event lookups.
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import type { KObject } from '../../../src/sim/store/types.js';

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
