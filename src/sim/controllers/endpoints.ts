// The endpoints controller: for every Service with a selector, an Endpoints
// object of the same name listing its pods' IPs (ready ones in `addresses`,
// others in `notReadyAddresses`) with target ports resolved by number or by
// container port name, grouped into subsets by port set.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { podIsReady } from '../kubelet/resource-metrics.js';
import { deepEqual, timestamp } from '../store/deep.js';
import { matcherFromMap } from '../store/selectors.js';
import type { KObject, StoreEvent } from '../store/types.js';
import { WorkQueue } from './work-queue.js';

const TRIGGER = 'endpoints.kubernetes.io/last-change-trigger-time';

/** podutil.FindPort: the container port a service port targets on this pod, or undefined. */
export function findPort(pod: KObject, svcPort: any): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP')) return p.containerPort;
  }
  return undefined;
}

/** The Endpoints subsets for a service and the pods in its namespace. */
export function endpointSubsets(service: KObject, pods: KObject[]): Record<string, any>[] {
  const match = matcherFromMap(service.spec?.selector);
  const publishNotReady = !!service.spec?.publishNotReadyAddresses;
  const groups = new Map<string, { ports: any[]; addresses: any[]; notReadyAddresses: any[] }>();
  for (const pod of pods) {
    if (!match(pod.metadata.labels) || !pod.status?.podIP) continue;
    if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
    if (pod.metadata.deletionTimestamp && !publishNotReady) continue;
    const ports: any[] = [];
    for (const sp of service.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    if ((service.spec?.ports ?? []).length && !ports.length) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const key = JSON.stringify(ports);
    if (!groups.has(key)) groups.set(key, { ports, addresses: [], notReadyAddresses: [] });
    const hostname = pod.spec?.hostname && pod.spec?.subdomain === service.metadata.name ? { hostname: pod.spec.hostname } : {};
    const address = {
      ip: pod.status.podIP,
      ...hostname,
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const g = groups.get(key)!;
    (publishNotReady || podIsReady(pod) ? g.addresses : g.notReadyAddresses).push(address);
  }
  const byIP = (a: any, b: any) => a.ip.localeCompare(b.ip, undefined, { numeric: true });
  return [...groups.values()].map((g) => ({
    ...(g.addresses.length ? { addresses: g.addresses.sort(byIP) } : {}),
    ...(g.notReadyAddresses.length ? { notReadyAddresses: g.notReadyAddresses.sort(byIP) } : {}),
    ...(g.ports.length ? { ports: g.ports } : {}),
  }));
}

/** Creates the Endpoints controller. */
export function createEndpointsController(ctx: SimContext): Controller {
  const queue = new WorkQueue((key) => reconcile(key));
  let unsubscribe: (() => void) | undefined;

  function reconcile(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const service = ctx.store.get(RT.services, ns, name);
    const existing = ctx.store.get(RT.endpoints, ns, name);
    if (!service) {
      if (existing) ctx.store.delete(RT.endpoints, ns, name);
      return;
    }
    // Services without a selector (or ExternalName) have hand-made Endpoints.
    if (!Object.keys(service.spec?.selector ?? {}).length || service.spec?.type === 'ExternalName') return;
    const subsets = endpointSubsets(service, ctx.store.list(RT.pods, ns));
    const labels: Record<string, string> = { ...(service.metadata.labels ?? {}), 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };
    if (service.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    if (existing && deepEqual(existing.subsets ?? [], subsets) && deepEqual(existing.metadata.labels ?? {}, labels)) return;
    const metadata = {
      ...(existing?.metadata ?? { name, namespace: ns }),
      labels,
      annotations: { ...(existing?.metadata.annotations ?? {}), [TRIGGER]: timestamp(ctx.clock.now()) },
    };
    const obj: KObject = { metadata, ...(subsets.length ? { subsets } : {}) };
    if (existing) ctx.store.update(RT.endpoints, obj);
    else ctx.store.create(RT.endpoints, obj);
  }

  function queueServices(ns: string | undefined): void {
    for (const s of ctx.store.list(RT.services, ns)) if (Object.keys(s.spec?.selector ?? {}).length) queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  function onEvent(e: StoreEvent): void {
    const k = e.rt.key;
    if (k === RT.services.key) queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    else if (k === RT.pods.key) queueServices(e.object.metadata.namespace);
  }

  return {
    name: 'endpoints',
    start() {
      unsubscribe = ctx.store.subscribe(onEvent);
      queueServices(undefined);
    },
    stop() {
      unsubscribe?.();
      queue.stop();
    },
  };
}
