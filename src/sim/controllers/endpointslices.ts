// The EndpointSlice controller, alongside the Endpoints one: for every
// Service with a selector, discovery.k8s.io/v1 slices owned by the Service
// and labelled with its name, one per set of resolved ports, each endpoint
// with its ready/serving/terminating conditions. Unlike Endpoints, slices
// keep terminating pods (not ready), so clients can drain them.
import { randomBytes } from 'node:crypto';
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { podIsReady } from '../kubelet/resource-metrics.js';
import { deepEqual } from '../store/deep.js';
import { matcherFromMap } from '../store/selectors.js';
import type { KObject, StoreEvent } from '../store/types.js';
import { findPort } from './endpoints.js';
import { WorkQueue } from './work-queue.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';
/** The controller's default --max-endpoints-per-slice. */
const MAX_PER_SLICE = 100;

interface Desired {
  ports: Record<string, unknown>[];
  endpoints: Record<string, unknown>[];
}

/** The slices a service should have: endpoints grouped by their resolved ports, at most 100 a slice. */
export function desiredSlices(service: KObject, pods: KObject[]): Desired[] {
  const match = matcherFromMap(service.spec?.selector);
  const publishNotReady = !!service.spec?.publishNotReadyAddresses;
  const groups = new Map<string, Desired>();
  for (const pod of pods) {
    if (!match(pod.metadata.labels) || !pod.status?.podIP) continue;
    if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
    const ports: Record<string, unknown>[] = [];
    for (const sp of service.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    if ((service.spec?.ports ?? []).length && !ports.length) continue;
    const key = JSON.stringify(ports);
    if (!groups.has(key)) groups.set(key, { ports, endpoints: [] });
    const terminating = !!pod.metadata.deletionTimestamp;
    const serving = publishNotReady || podIsReady(pod);
    groups.get(key)!.endpoints.push({
      addresses: [pod.status.podIP],
      conditions: { ready: serving && !terminating, serving, terminating },
      ...(pod.spec?.hostname && pod.spec?.subdomain === service.metadata.name ? { hostname: pod.spec.hostname } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    });
  }
  const out: Desired[] = [];
  const byIP = (a: any, b: any) => String(a.addresses[0]).localeCompare(String(b.addresses[0]), undefined, { numeric: true });
  for (const g of groups.values()) {
    g.endpoints.sort(byIP);
    for (let i = 0; i < g.endpoints.length; i += MAX_PER_SLICE) out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_PER_SLICE) });
  }
  // A service with no endpoints keeps one placeholder slice, with neither ports nor endpoints.
  if (!out.length) out.push({ ports: [], endpoints: [] });
  return out;
}

function sameSlice(a: KObject, b: KObject): boolean {
  return (
    a.addressType === b.addressType &&
    deepEqual(a.endpoints ?? [], b.endpoints ?? []) &&
    deepEqual(a.ports ?? [], b.ports ?? []) &&
    deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) &&
    deepEqual(a.metadata.ownerReferences ?? [], b.metadata.ownerReferences ?? [])
  );
}

// generateName's suffix alphabet (no vowels, no look-alikes).
const suffix = () => [...randomBytes(5)].map((b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');

/** Creates the EndpointSlice controller. */
export function createEndpointSliceController(ctx: SimContext): Controller {
  const queue = new WorkQueue((key) => reconcile(key));
  let unsubscribe: (() => void) | undefined;

  function reconcile(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const service = ctx.store.get(RT.services, ns, name);
    const existing = ctx.store
      .list(RT.endpointslices, ns)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY] === CONTROLLER)
      .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const selected = service && Object.keys(service.spec?.selector ?? {}).length > 0 && service.spec?.type !== 'ExternalName';
    if (!selected) {
      for (const s of existing) ctx.store.delete(RT.endpointslices, ns, s.metadata.name!);
      return;
    }
    const labels: Record<string, string> = { ...(service.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY]: CONTROLLER };
    if (service.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const owner = { apiVersion: 'v1', kind: 'Service', name, uid: service.metadata.uid!, controller: true, blockOwnerDeletion: true };
    const want = desiredSlices(service, ctx.store.list(RT.pods, ns));
    // Reuse slices with the same ports first, so a pod becoming ready updates a slice in place.
    const free = [...existing];
    for (const d of want) {
      const i = free.findIndex((s) => deepEqual(s.ports ?? [], d.ports));
      const slice = i >= 0 ? free.splice(i, 1)[0]! : free.shift();
      const body: KObject = {
        metadata: slice ? { ...slice.metadata, labels, ownerReferences: [owner] } : { name: `${name}-${suffix()}`, namespace: ns, labels, ownerReferences: [owner] },
        addressType: 'IPv4',
        ...(d.endpoints.length ? { endpoints: d.endpoints } : {}),
        ...(d.ports.length ? { ports: d.ports } : {}),
      };
      if (!slice) ctx.store.create(RT.endpointslices, body);
      else if (!sameSlice(slice, body)) ctx.store.update(RT.endpointslices, body);
    }
    for (const s of free) ctx.store.delete(RT.endpointslices, ns, s.metadata.name!);
  }

  function queueServices(ns: string | undefined): void {
    for (const s of ctx.store.list(RT.services, ns)) queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  function onEvent(e: StoreEvent): void {
    const k = e.rt.key;
    if (k === RT.services.key) queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    else if (k === RT.pods.key) queueServices(e.object.metadata.namespace);
    else if (k === RT.endpointslices.key && e.type === 'DELETED') {
      // A slice deleted by hand comes back, as the real controller recreates it.
      const svc = e.object.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc) queue.add(`${e.object.metadata.namespace}/${svc}`);
    }
  }

  return {
    name: 'endpointslices',
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
