// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for
// (Accept: application/json;as=Table;v=v1;g=meta.k8s.io). Columns and cell
// values follow kube's pkg/printers/internalversion printers in their wide
// form (the API server always prints wide; kubectl hides priority>0 columns).

import { apiVersionOf, type KObject, type ResourceType } from '../store/types.js';
import { formatLabelSelector, formatLabels, labelSelectorString } from '../store/selectors.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  /** PartialObjectMetadata, the full object, or null for includeObject=None. */
  object: unknown;
  conditions?: TableRowCondition[];
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface RowOptions {
  /** What each row carries in `object`; kubectl's default is Metadata. */
  includeObject?: IncludeObject;
  /** Clock for AGE and other durations, in epoch milliseconds. */
  now: number;
}

export interface TableOptions extends RowOptions {
  resourceVersion: string;
  continue?: string;
  /** false leaves columnDefinitions empty, as kube does after the first event of a watch. */
  columns?: boolean;
}

type Obj = Record<string, any>;
interface Printer {
  columns: TableColumnDefinition[];
  cells(o: Obj, now: number): unknown[];
  conditions?(o: Obj): TableRowCondition[] | undefined;
}

const col = (name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition => ({
  name,
  type,
  format,
  description,
  priority,
});
const NAME = col('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');
const AGE = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);
const SELECTOR = col('Selector', 'string', 'A label query over pods that should match the replica count.', 1);

/** duration.HumanDuration: kubectl's compact age ("45s", "3m2s", "5h10m", "2d3h", "1y30d"). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>'; // up to 2s of clock skew still reads as "now"
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

const ms = (ts: unknown): number => (typeof ts === 'string' && ts ? Date.parse(ts) : NaN);
// translateTimestampSince: an absent or unparsable time prints as "<unknown>".
const since = (ts: unknown, now: number): string => (Number.isNaN(ms(ts)) ? '<unknown>' : humanDuration(now - ms(ts)));
const age = (o: Obj, now: number) => since(o.metadata?.creationTimestamp, now);
const trueCondition = (conds: any[] | undefined, type: string) => (conds ?? []).find((c) => c.type === type)?.status === 'True';
const orNone = (s: unknown) => (s === undefined || s === null || s === '' ? '<none>' : String(s));

function containerCells(spec: Obj | undefined): [string, string] {
  const cs: any[] = spec?.containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** kubectl's READY, STATUS and RESTARTS for a pod, derived from its container statuses. */
export function podStatus(pod: Obj, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const inits: any[] = spec.initContainers ?? [];
  const sidecar = (name: string) => inits.find((c) => c.name === name)?.restartPolicy === 'Always';
  const total = (spec.containers ?? []).length + inits.filter((c) => c.restartPolicy === 'Always').length;
  let ready = 0;
  let reason: string = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c: Obj) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = NaN;
  let lastSidecarRestart = NaN;
  const later = (a: number, b: number) => (Number.isNaN(a) || b > a ? b : a);

  let initializing = false;
  for (const [i, cs] of (status.initContainerStatuses ?? []).entries()) {
    const finished = ms(cs.lastState?.terminated?.finishedAt);
    restarts += cs.restartCount ?? 0;
    if (!Number.isNaN(finished)) lastRestart = later(lastRestart, finished);
    if (sidecar(cs.name)) {
      sidecarRestarts += cs.restartCount ?? 0;
      if (!Number.isNaN(finished)) lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar(cs.name) && cs.started) {
      if (cs.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }

  if (!initializing || trueCondition(status.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    // Walked backwards so the first container's state wins, as in kubectl.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      const finished = ms(cs.lastState?.terminated?.finishedAt);
      if (!Number.isNaN(finished)) lastRestart = later(lastRestart, finished);
      const wait = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = trueCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const restartText = restarts !== 0 && !Number.isNaN(lastRestart) ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

const pod: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'string', 'podIP address allocated to the pod.', 1),
    col('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(o, now) {
    const s = podStatus(o, now);
    const gates: any[] = o.spec?.readinessGates ?? [];
    const conds: any[] = o.status?.conditions ?? [];
    const gateText = gates.length
      ? `${gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length}/${gates.length}`
      : '<none>';
    const ip = o.status?.podIPs?.[0]?.ip ?? o.status?.podIP;
    return [o.metadata.name, s.ready, s.status, s.restarts, age(o, now), orNone(ip), orNone(o.spec?.nodeName), orNone(o.status?.nominatedNodeName), gateText];
  },
  conditions(o) {
    // kubectl uses the Completed row condition to tell finished pods apart.
    if (o.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (o.status?.phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

const deployment: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    let selector: string;
    try {
      selector = labelSelectorString(o.spec?.selector);
    } catch {
      selector = '<invalid>';
    }
    const s = o.status ?? {};
    return [o.metadata.name, `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(o, now), ...containerCells(o.spec?.template?.spec), selector];
  },
};

const replicaSet: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
    col('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (o, now) => [
    o.metadata.name,
    o.spec?.replicas ?? 1,
    o.status?.replicas ?? 0,
    o.status?.readyReplicas ?? 0,
    age(o, now),
    ...containerCells(o.spec?.template?.spec),
    formatLabelSelector(o.spec?.selector),
  ],
};

const statefulSet: Printer = {
  columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  cells: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, age(o, now), ...containerCells(o.spec?.template?.spec)],
};

const daemonSet: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod.'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    const s = o.status ?? {};
    return [
      o.metadata.name,
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabels(o.spec?.template?.spec?.nodeSelector),
      age(o, now),
      ...containerCells(o.spec?.template?.spec),
      formatLabelSelector(o.spec?.selector),
    ];
  },
};

function jobStatus(o: Obj): string {
  const conds = o.status?.conditions;
  if (trueCondition(conds, 'Complete')) return 'Complete';
  if (trueCondition(conds, 'Failed')) return 'Failed';
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  if (trueCondition(conds, 'Suspended')) return 'Suspended';
  if (trueCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

const job: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    const succeeded = o.status?.succeeded ?? 0;
    const parallelism = o.spec?.parallelism ?? 0;
    const completions =
      o.spec?.completions != null ? `${succeeded}/${o.spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = ms(o.status?.startTime);
    const end = ms(o.status?.completionTime);
    const duration = Number.isNaN(start) ? '' : humanDuration((Number.isNaN(end) ? now : end) - start);
    return [o.metadata.name, jobStatus(o), completions, duration, age(o, now), ...containerCells(o.spec?.template?.spec), formatLabelSelector(o.spec?.selector)];
  },
};

const cronJob: Printer = {
  columns: [
    NAME,
    col('Schedule', 'string', 'The schedule in Cron format.'),
    col('Timezone', 'string', 'The time zone name for the given schedule.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    const suspend = o.spec?.suspend;
    const last = o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : '<none>';
    const tmpl = o.spec?.jobTemplate?.spec;
    return [
      o.metadata.name,
      o.spec?.schedule ?? '',
      o.spec?.timeZone ?? '<none>',
      suspend === undefined || suspend === null ? '<unset>' : suspend ? 'True' : 'False',
      (o.status?.active ?? []).length,
      last,
      age(o, now),
      ...containerCells(tmpl?.template?.spec),
      formatLabelSelector(tmpl?.selector),
    ];
  },
};

function externalIP(o: Obj): string {
  const spec = o.spec ?? {};
  const external: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = [...new Set((o.status?.loadBalancer?.ingress ?? []).map((i: Obj) => i.ip || i.hostname).filter(Boolean) as string[])].sort();
      const all = [...lb, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

const service: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE,
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells(o, now) {
    const ports = (o.spec?.ports ?? [])
      .map((p: Obj) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
      .join(',');
    const clusterIP = o.spec?.clusterIPs?.[0] ?? o.spec?.clusterIP;
    return [o.metadata.name, o.spec?.type ?? 'ClusterIP', orNone(clusterIP), externalIP(o), ports || '<none>', age(o, now), formatLabels(o.spec?.selector)];
  },
};

const count = (m: unknown) => (m && typeof m === 'object' ? Object.keys(m).length : 0);
const configMap: Printer = {
  columns: [NAME, col('Data', 'string', 'Data contains the configuration data.'), AGE],
  cells: (o, now) => [o.metadata.name, count(o.data) + count(o.binaryData), age(o, now)],
};
const secret: Printer = {
  columns: [NAME, col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Data contains the secret data.'), AGE],
  cells: (o, now) => [o.metadata.name, o.type ?? 'Opaque', count(o.data), age(o, now)],
};
const serviceAccount: Printer = {
  columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (o, now) => [o.metadata.name, (o.secrets ?? []).length, age(o, now)],
};
const namespace: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (o, now) => [o.metadata.name, o.status?.phase ?? '', age(o, now)],
};

const event: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.', 1),
    col('Source', 'string', 'The component reporting this event.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    { ...NAME, priority: 1 },
  ],
  cells(o, now) {
    const first = o.firstTimestamp ? since(o.firstTimestamp, now) : since(o.eventTime, now);
    let last = o.lastTimestamp ? since(o.lastTimestamp, now) : first;
    let n = o.count ?? 0;
    if (o.series) {
      last = since(o.series.lastObservedTime, now);
      n = o.series.count ?? 0;
    } else if (n === 0) n = 1; // singleton events of the new API carry no count
    const inv = o.involvedObject ?? {};
    const kind = String(inv.kind ?? '').toLowerCase();
    const target = inv.name ? `${kind}/${inv.name}` : kind;
    const component = o.source?.component || o.reportingComponent || '';
    const instance = o.source?.host || o.reportingInstance || '';
    const source = instance ? `${component}, ${instance}` : component;
    return [last, o.type ?? '', o.reason ?? '', target, inv.fieldPath ?? '', source, String(o.message ?? '').trim(), first, n, o.metadata.name];
  },
};

const node: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(o, now) {
    const readyCond = (o.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
    const status = [readyCond ? (readyCond.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
    if (o.spec?.unschedulable) status.push('SchedulingDisabled');
    const roles = new Set<string>();
    for (const [k, v] of Object.entries<string>(o.metadata.labels ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/') && k.length > 24) roles.add(k.slice(24));
      else if (k === 'kubernetes.io/role' && v) roles.add(v);
    }
    const addr = (type: string) => (o.status?.addresses ?? []).find((a: Obj) => a.type === type)?.address ?? '<none>';
    const info = o.status?.nodeInfo ?? {};
    const unknown = (s: unknown) => (s ? String(s) : '<unknown>');
    return [
      o.metadata.name,
      status.join(','),
      [...roles].sort().join(',') || '<none>',
      age(o, now),
      info.kubeletVersion ?? '',
      addr('InternalIP'),
      addr('ExternalIP'),
      unknown(info.osImage),
      unknown(info.kernelVersion),
      unknown(info.containerRuntimeVersion),
    ];
  },
};

// formatHPAMetrics: at most two metrics, then "+ N more...".
function hpaTargets(specs: Obj[] = [], statuses: Obj[] = []): string {
  if (specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => {
    const st = statuses[i];
    const src = spec.resource ?? spec.containerResource;
    if (spec.type === 'Resource' || spec.type === 'ContainerResource') {
      const cur = st?.resource ?? st?.containerResource;
      if (src?.target?.averageValue !== undefined) return `${src.name}: ${cur?.current?.averageValue ?? '<unknown>'}/${src.target.averageValue}`;
      const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : '<unknown>';
      const target = src?.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
      return `${src?.name}: ${current}/${target}`;
    }
    const m = spec.type === 'Pods' ? spec.pods : spec.type === 'Object' ? spec.object : spec.type === 'External' ? spec.external : undefined;
    if (!m) return '<unknown type>';
    const cur = (spec.type === 'Pods' ? st?.pods : spec.type === 'Object' ? st?.object : st?.external)?.current;
    if (spec.type === 'Pods') return `${cur?.averageValue ?? '<unknown>'}/${m.target?.averageValue}`;
    if (m.target?.averageValue !== undefined) return `${cur?.averageValue ?? '<unknown>'}/${m.target.averageValue} (avg)`;
    return `${cur?.value ?? '<unknown>'}/${m.target?.value}`;
  });
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

const hpa: Printer = {
  columns: [
    NAME,
    col('Reference', 'string', 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.'),
    col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
    col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
    AGE,
  ],
  cells: (o, now) => [
    o.metadata.name,
    `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`,
    hpaTargets(o.spec?.metrics, o.status?.currentMetrics),
    o.spec?.minReplicas != null ? String(o.spec.minReplicas) : '<unset>',
    o.spec?.maxReplicas ?? 0,
    o.status?.currentReplicas ?? 0,
    age(o, now),
  ],
};

const pdb: Printer = {
  columns: [
    NAME,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE,
  ],
  cells: (o, now) => [
    o.metadata.name,
    o.spec?.minAvailable != null ? String(o.spec.minAvailable) : 'N/A',
    o.spec?.maxUnavailable != null ? String(o.spec.maxUnavailable) : 'N/A',
    o.status?.disruptionsAllowed ?? 0,
    age(o, now),
  ],
};

// Kinds without a dedicated printer get Name and Age.
const generic: Printer = { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, age(o, now)] };

const PRINTERS: Record<string, Printer> = {
  '/pods': pod,
  '/services': service,
  '/configmaps': configMap,
  '/secrets': secret,
  '/serviceaccounts': serviceAccount,
  '/events': event,
  '/namespaces': namespace,
  '/nodes': node,
  'apps/deployments': deployment,
  'apps/replicasets': replicaSet,
  'apps/statefulsets': statefulSet,
  'apps/daemonsets': daemonSet,
  'batch/jobs': job,
  'batch/cronjobs': cronJob,
  'autoscaling/horizontalpodautoscalers': hpa,
  'policy/poddisruptionbudgets': pdb,
};
const printerFor = (rt: ResourceType): Printer => (Object.hasOwn(PRINTERS, rt.key) ? PRINTERS[rt.key]! : generic);

/** The column definitions kube's printer declares for this resource (Name/Age for unknown kinds). */
export function columnDefinitions(rt: ResourceType): TableColumnDefinition[] {
  return printerFor(rt).columns.map((c) => ({ ...c }));
}

/** One Table row for an object: its cells plus the object in the requested form. */
export function toTableRow(rt: ResourceType, obj: KObject, opts: RowOptions): TableRow {
  const printer = printerFor(rt);
  const include = opts.includeObject ?? 'Metadata';
  const object =
    include === 'None'
      ? null
      : include === 'Object'
        ? { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(rt), kind: obj.kind ?? rt.kind }
        : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  const row: TableRow = { cells: printer.cells(obj, opts.now), object };
  const conditions = printer.conditions?.(obj);
  if (conditions) row.conditions = conditions;
  return row;
}

/** A meta.k8s.io/v1 Table of objects; with columns=false (later watch events) columnDefinitions is empty. */
export function toTable(rt: ResourceType, objects: KObject[], opts: TableOptions): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion, ...(opts.continue ? { continue: opts.continue } : {}) },
    columnDefinitions: opts.columns === false ? [] : columnDefinitions(rt),
    rows: objects.map((o) => toTableRow(rt, o, opts)),
  };
}
