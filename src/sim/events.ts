// Records core/v1 Events the way kubelet and controllers do, including the
// count/lastTimestamp aggregation of repeated events (BackOff, Unhealthy).
import { RT } from './api/resources.js';
import type { SimClock } from './clock.js';
import { timestamp } from './store/deep.js';
import type { ObjectStore } from './store/object-store.js';
import type { KObject } from './store/types.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /** Records an event about `involved` from `component` (e.g. "kubelet", "deployment-controller"). */
  record(involved: KObject, type: EventType, reason: string, message: string, component: string, fieldPath?: string): void;
}

export function createEventRecorder(store: ObjectStore, clock: SimClock): EventRecorder {
  // Repeats of an event update its count instead of adding one; an index
  // keeps that lookup O(1) when thousands of pods report at once.
  const byKey = new Map<string, { ns: string; name: string }>();
  store.subscribe((e) => {
    if (e.type === 'DELETED' && e.rt.key === RT.events.key) {
      const key = e.object.metadata.annotations?.['kubesim.helmdeck.dev/key'];
      if (key) byKey.delete(key);
    }
  });
  return {
    record(involved, type, reason, message, component, fieldPath) {
      const ns = involved.metadata.namespace ?? 'default';
      if (!store.get(RT.namespaces, undefined, ns)) return;
      const key = `${involved.metadata.uid}.${reason}.${message}`;
      const now = timestamp(clock.now());
      const known = byKey.get(key);
      const existing = known && store.get(RT.events, known.ns, known.name);
      if (existing) {
        try {
          store.update(RT.events, {
            ...existing,
            count: (existing.count ?? 1) + 1,
            lastTimestamp: now,
            metadata: { ...existing.metadata, resourceVersion: undefined },
          });
        } catch {
          // Events are best effort, as in Kubernetes.
        }
        return;
      }
      const base = involved.metadata.name ?? 'object';
      try {
        const created = store.create(RT.events, {
          metadata: {
            name: `${base}.${(clock.now() * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`,
            namespace: ns,
            annotations: { 'kubesim.helmdeck.dev/key': key },
          },
          involvedObject: {
            kind: involved.kind,
            namespace: involved.metadata.namespace,
            name: involved.metadata.name,
            uid: involved.metadata.uid,
            apiVersion: involved.apiVersion,
            resourceVersion: involved.metadata.resourceVersion,
            ...(fieldPath ? { fieldPath } : {}),
          },
          reason,
          message,
          source: { component, ...(component === 'kubelet' && involved.spec?.nodeName ? { host: involved.spec.nodeName } : {}) },
          firstTimestamp: now,
          lastTimestamp: now,
          eventTime: null,
          count: 1,
          type,
          reportingComponent: component,
          reportingInstance: component === 'kubelet' ? (involved.spec?.nodeName ?? '') : `${component}-kubesim`,
          action: '',
        });
        byKey.set(key, { ns, name: created.metadata.name! });
      } catch {
        // Events are best effort, as in Kubernetes.
      }
    },
  };
}
