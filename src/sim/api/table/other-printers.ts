// Printers for the other served kinds: Services, ConfigMaps, Secrets,
// ServiceAccounts, Namespaces, Events, Nodes, HPAs, PDBs and Leases.
import { formatLabels } from '../../store/selectors.js';
import { AGE, NAME, age, col, orNone, since, type Obj, type Printer } from './printer-kit.js';

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

export const service: Printer = {
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
export const configMap: Printer = {
  columns: [NAME, col('Data', 'string', 'Data contains the configuration data.'), AGE],
  cells: (o, now) => [o.metadata.name, count(o.data) + count(o.binaryData), age(o, now)],
};
export const secret: Printer = {
  columns: [NAME, col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Data contains the secret data.'), AGE],
  cells: (o, now) => [o.metadata.name, o.type ?? 'Opaque', count(o.data), age(o, now)],
};
export const serviceAccount: Printer = {
  columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (o, now) => [o.metadata.name, (o.secrets ?? []).length, age(o, now)],
};
export const namespace: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (o, now) => [o.metadata.name, o.status?.phase ?? '', age(o, now)],
};

export const event: Printer = {
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

export const node: Printer = {
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

export const hpa: Printer = {
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

export const pdb: Printer = {
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

// printLease: the holder is empty while nobody holds the lease.
export const lease: Printer = {
  columns: [
    NAME,
    col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
    AGE,
  ],
  cells: (o, now) => [o.metadata.name, o.spec?.holderIdentity ?? '', age(o, now)],
};

// Kinds without a dedicated printer get Name and Age.
