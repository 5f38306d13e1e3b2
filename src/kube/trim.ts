// What the informers keep of each object: managedFields and kubectl's
// last-applied annotation are often most of an object's size and nothing
// helmdeck shows (the RSS budget of 400 MB at 10k pods depends on this).
// Of a pod, the parts of its spec that only the kubelet reads go too —
// env, mounts, probes, commands, volumes, affinity: several kB a pod on a
// real cluster. Container names, images, restartPolicy (sidecars) and
// resources stay, as do everything else in metadata and status. Of an
// Event, only what the store's DeckEvent reads stays: the informer keeps
// every Event of the namespace to diff relists — five or more per pod.
//
// Trimmed parts are copied into fresh objects rather than `delete`d: a
// delete turns a V8 object into a hash-table dictionary several times its
// size, which at 50,000 Events costs more than the fields it removed.
import type { KubeObject } from './types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const CONTAINER_DROP = new Set(['env', 'envFrom', 'volumeMounts', 'volumeDevices', 'command', 'args', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'securityContext', 'terminationMessagePath', 'terminationMessagePolicy', 'workingDir']);
const POD_SPEC_DROP = new Set(['volumes', 'affinity', 'topologySpreadConstraints']);
/** Event fields store/deck-event.ts reads, core/v1 and events.k8s.io/v1 alike. */
const EVENT_KEEP = new Set(['apiVersion', 'kind', 'metadata', 'involvedObject', 'regarding', 'reason', 'message', 'note', 'type', 'count', 'deprecatedCount', 'series', 'firstTimestamp', 'lastTimestamp', 'deprecatedLastTimestamp', 'eventTime']);
const EVENT_METADATA_KEEP = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']);
const EVENT_OBJECT_KEEP = new Set(['kind', 'name', 'namespace', 'uid']);

type Plain = Record<string, any>;

/** A copy of `o` with only the keys `keep` accepts (the same object when nothing goes). */
function pick(o: Plain, keep: (k: string) => boolean): Plain {
  let drops = false;
  for (const k in o) {
    if (!keep(k)) {
      drops = true;
      break;
    }
  }
  if (!drops) return o;
  const out: Plain = {};
  for (const k in o) if (keep(k)) out[k] = o[k];
  return out;
}

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function trimMetadata(md: Plain, keep?: Set<string>): Plain {
  const out = pick(md, (k) => k !== 'managedFields' && (!keep || keep.has(k)));
  const ann = out.annotations;
  if (isPlain(ann) && LAST_APPLIED in ann) {
    const rest = pick(ann, (k) => k !== LAST_APPLIED);
    const copy = out === md ? { ...md } : out;
    if (Object.keys(rest).length) copy.annotations = rest;
    else return pick(copy, (k) => k !== 'annotations');
    return copy;
  }
  return out;
}

function trimContainers(list: unknown): unknown {
  return Array.isArray(list) ? list.map((c) => (isPlain(c) ? pick(c, (k) => !CONTAINER_DROP.has(k)) : c)) : list;
}

/** A trimmed `obj`: managedFields, the last-applied annotation, a pod's kubelet-only spec and an Event's unread fields left out. Parts not trimmed are shared with `obj`. */
export function defaultTrim(obj: KubeObject): KubeObject {
  const md = obj.metadata;
  if (!isPlain(md)) return obj;
  if (obj.involvedObject !== undefined || (obj.regarding !== undefined && obj.reason !== undefined)) {
    const ev = pick(obj, (k) => EVENT_KEEP.has(k));
    const out: Plain = ev === obj ? { ...obj } : ev;
    out.metadata = trimMetadata(md, EVENT_METADATA_KEEP);
    if (isPlain(out.involvedObject)) out.involvedObject = pick(out.involvedObject, (k) => EVENT_OBJECT_KEEP.has(k));
    if (isPlain(out.regarding)) out.regarding = pick(out.regarding, (k) => EVENT_OBJECT_KEEP.has(k));
    return out as KubeObject;
  }
  const metadata = trimMetadata(md);
  const spec = obj.spec;
  // A pod's spec holds containers itself; workloads hold them under spec.template, which rollout checks compare and so keep whole.
  const podSpec = isPlain(spec) && Array.isArray(spec.containers);
  if (metadata === md && !podSpec) return obj;
  const out: Plain = { ...obj, metadata };
  if (podSpec) {
    const s = pick(spec, (k) => !POD_SPEC_DROP.has(k));
    out.spec = {
      ...s,
      containers: trimContainers(s.containers),
      ...(s.initContainers !== undefined ? { initContainers: trimContainers(s.initContainers) } : {}),
      ...(s.ephemeralContainers !== undefined ? { ephemeralContainers: trimContainers(s.ephemeralContainers) } : {}),
    };
  }
  return out as KubeObject;
}
