// What the informers keep of each object: managedFields and kubectl's
// last-applied annotation are often most of an object's size and nothing
// helmdeck shows (the RSS budget of 400 MB at 10k pods depends on this).
// Of a pod, the parts of its spec that only the kubelet and the scheduler
// read go too — env, mounts, probes, commands, volumes, affinity,
// tolerations, DNS and security settings: several kB a pod on a real
// cluster — and of its status the address lists, QoS class and each
// container's image digest and mounts. Container names, images,
// restartPolicy (sidecars), resources, nodeName, podIP, hostIP, conditions
// and container states stay, as does everything else in metadata. Of an
// Event, only what the store's DeckEvent reads stays: the informer keeps
// every Event of the namespace to diff relists — five or more per pod.
//
// Trimmed parts are copied into fresh objects rather than `delete`d: a
// delete turns a V8 object into a hash-table dictionary several times its
// size, which at 50,000 Events costs more than the fields it removed.
//
// What stays has its short strings interned: JSON.parse makes a fresh copy
// of every value, and the pods of one workload repeat most of theirs
// (images, node names, label values, owner, condition types, timestamps to
// the second) — half the string bytes of a 10,000-pod namespace.
import type { KubeObject } from './types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const CONTAINER_DROP = new Set(['env', 'envFrom', 'volumeMounts', 'volumeDevices', 'command', 'args', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'securityContext', 'terminationMessagePath', 'terminationMessagePolicy', 'workingDir', 'imagePullPolicy', 'ports', 'resizePolicy', 'stdin', 'stdinOnce', 'tty']);
const POD_SPEC_DROP = new Set([
  'volumes', 'affinity', 'topologySpreadConstraints', 'tolerations', 'nodeSelector', 'dnsPolicy', 'dnsConfig', 'schedulerName', 'securityContext',
  'terminationGracePeriodSeconds', 'enableServiceLinks', 'preemptionPolicy', 'priority', 'priorityClassName', 'serviceAccountName', 'serviceAccount',
  'automountServiceAccountToken', 'imagePullSecrets', 'hostAliases', 'hostname', 'subdomain', 'readinessGates', 'schedulingGates', 'overhead',
]);
const POD_STATUS_DROP = new Set(['podIPs', 'hostIPs', 'qosClass', 'resourceClaimStatuses']);
const CONTAINER_STATUS_DROP = new Set(['imageID', 'volumeMounts', 'allocatedResources', 'allocatedResourcesStatus', 'resources', 'user']);
/** Event fields store/deck-event.ts reads, core/v1 and events.k8s.io/v1 alike. */
const EVENT_KEEP = new Set(['apiVersion', 'kind', 'metadata', 'involvedObject', 'regarding', 'reason', 'message', 'note', 'type', 'count', 'deprecatedCount', 'series', 'firstTimestamp', 'lastTimestamp', 'deprecatedLastTimestamp', 'eventTime']);
const EVENT_METADATA_KEEP = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']);
const EVENT_OBJECT_KEEP = new Set(['kind', 'name', 'namespace', 'uid']);

type Plain = Record<string, any>;

/** Longer strings are rarely repeated (messages, payloads). */
const INTERN_MAX_LENGTH = 128;
/** Entries before the table starts over: it must not grow with every unique value it is shown. */
const INTERN_TABLE_SIZE = 20_000;
/** Values unique to one object, never worth a table entry. */
const UNIQUE_VALUES = new Set(['resourceVersion', 'containerID', 'podIP', 'ip']);
const UNIQUE_METADATA = new Set(['name', 'uid', 'resourceVersion', 'creationTimestamp']);

let internTable = new Map<string, string>();

function intern(s: string): string {
  const hit = internTable.get(s);
  if (hit !== undefined) return hit;
  // Starting over keeps the repeated values coming back and drops the one-offs.
  if (internTable.size >= INTERN_TABLE_SIZE) internTable = new Map();
  internTable.set(s, s);
  return s;
}

/** Replaces the short strings of `o` (own, freshly parsed objects) by their interned copies, in place. */
function internStrings(o: Plain | unknown[], skip: ReadonlySet<string> = UNIQUE_VALUES): void {
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v = o[i];
      if (typeof v === 'string') {
        if (v.length <= INTERN_MAX_LENGTH) o[i] = intern(v);
      } else if (typeof v === 'object' && v !== null) internStrings(v as Plain);
    }
    return;
  }
  for (const k in o) {
    if (skip.has(k)) continue;
    const v = o[k];
    if (typeof v === 'string') {
      if (v.length <= INTERN_MAX_LENGTH) o[k] = intern(v);
    } else if (typeof v === 'object' && v !== null) internStrings(v as Plain);
  }
}

/** Interns the strings of a trimmed (non-Event) object; returns it. */
function interned(obj: Plain): KubeObject {
  for (const k in obj) {
    const v = obj[k];
    if (k === 'metadata' && isPlain(v)) internStrings(v, UNIQUE_METADATA);
    else if (typeof v === 'string') {
      if (v.length <= INTERN_MAX_LENGTH) obj[k] = intern(v);
    } else if (typeof v === 'object' && v !== null) internStrings(v as Plain);
  }
  return obj as KubeObject;
}

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

function trimEach(list: unknown, drop: ReadonlySet<string>): unknown {
  return Array.isArray(list) ? list.map((c) => (isPlain(c) ? pick(c, (k) => !drop.has(k)) : c)) : list;
}

function trimPodStatus(status: Plain): Plain {
  const s = pick(status, (k) => !POD_STATUS_DROP.has(k));
  const out = s === status ? { ...status } : s;
  for (const k of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    if (out[k] !== undefined) out[k] = trimEach(out[k], CONTAINER_STATUS_DROP);
  }
  return out;
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
  if (metadata === md && !podSpec) return interned(obj);
  const out: Plain = { ...obj, metadata };
  if (podSpec) {
    const s = pick(spec, (k) => !POD_SPEC_DROP.has(k));
    out.spec = {
      ...s,
      containers: trimEach(s.containers, CONTAINER_DROP),
      ...(s.initContainers !== undefined ? { initContainers: trimEach(s.initContainers, CONTAINER_DROP) } : {}),
      ...(s.ephemeralContainers !== undefined ? { ephemeralContainers: trimEach(s.ephemeralContainers, CONTAINER_DROP) } : {}),
    };
    if (isPlain(obj.status)) out.status = trimPodStatus(obj.status);
  }
  return interned(out);
}

/**
 * What an informer needs to remember of an object whose consumer keeps its
 * own copy: enough to diff a relist (name, resourceVersion) and to report a
 * removal the consumer can place (kind, Secret type, labels).
 */
export function identityOf(obj: KubeObject): KubeObject {
  const md = obj.metadata;
  const metadata: Plain = { name: md.name };
  if (md.namespace !== undefined) metadata.namespace = md.namespace;
  if (md.resourceVersion !== undefined) metadata.resourceVersion = md.resourceVersion;
  if (md.labels !== undefined) metadata.labels = md.labels;
  const out: Plain = { metadata };
  if (obj.kind !== undefined) out.kind = obj.kind;
  if (typeof obj.type === 'string') out.type = obj.type;
  return out as KubeObject;
}
