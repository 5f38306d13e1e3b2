// API-server defaulting for the fields clients read back (kubectl -o yaml,
// helm's three-way diff, rollout status): what a real cluster fills in on
// every write when the manifest leaves it out.
import type { KObject, ResourceType } from './types.js';

type Json = Record<string, any>;

function setDefault(obj: Json, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

function defaultContainer(c: Json): void {
  const image: string = c.image ?? '';
  const ref = image.includes('@') ? image.slice(0, image.indexOf('@')) : image;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
  setDefault(c, 'imagePullPolicy', !image.includes('@') && (tag === '' || tag === 'latest') ? 'Always' : 'IfNotPresent');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const p of c.ports ?? []) setDefault(p, 'protocol', 'TCP');
}

/** Defaults of a pod spec (also inside workload templates). */
function defaultPodSpec(spec: Json | undefined): void {
  if (!spec) return;
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
}

let nextClusterIp = 10;

/** Fills in the defaults the real API server would; mutates `obj`. */
export function applyDefaults(rt: ResourceType, obj: KObject, creating: boolean): void {
  const spec: Json | undefined = obj.spec;
  switch (rt.kind) {
    case 'Pod':
      defaultPodSpec(spec);
      if (creating) obj.status = { phase: 'Pending', ...(obj.status ?? {}) };
      break;
    case 'Deployment':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'strategy', { type: 'RollingUpdate' });
      if (spec.strategy.type === 'RollingUpdate') setDefault(spec.strategy, 'rollingUpdate', {});
      if (spec.strategy.rollingUpdate) {
        setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%');
        setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
      }
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      defaultPodSpec(spec.template?.spec);
      break;
    case 'ReplicaSet':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      defaultPodSpec(spec.template?.spec);
      break;
    case 'StatefulSet':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate' });
      if (spec.updateStrategy.type === 'RollingUpdate') setDefault(spec.updateStrategy, 'rollingUpdate', { partition: 0 });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultPodSpec(spec.template?.spec);
      break;
    case 'DaemonSet':
      if (!spec) break;
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate' });
      if (spec.updateStrategy.type === 'RollingUpdate') setDefault(spec.updateStrategy, 'rollingUpdate', { maxUnavailable: 1, maxSurge: 0 });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultPodSpec(spec.template?.spec);
      break;
    case 'Job': {
      if (!spec) break;
      // As upstream: completions defaults only when parallelism is unset too (work-queue jobs).
      if (spec.completions == null && spec.parallelism == null) spec.completions = 1;
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      const uid = obj.metadata.uid;
      if (creating && uid && !spec.manualSelector && !spec.selector) {
        spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
        spec.template = spec.template ?? {};
        spec.template.metadata = spec.template.metadata ?? {};
        spec.template.metadata.labels = {
          ...(spec.template.metadata.labels ?? {}),
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': obj.metadata.name!,
          'controller-uid': uid,
          'job-name': obj.metadata.name!,
        };
      }
      defaultPodSpec(spec.template?.spec);
      break;
    }
    case 'Service':
      if (!spec) break;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      if (creating && spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
        nextClusterIp = (nextClusterIp % 65000) + 1;
        spec.clusterIP = `10.96.${Math.floor(nextClusterIp / 250)}.${(nextClusterIp % 250) + 1}`;
        spec.clusterIPs = [spec.clusterIP];
      }
      setDefault(spec, 'ipFamilies', ['IPv4']);
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      for (const p of spec.ports ?? []) {
        setDefault(p, 'protocol', 'TCP');
        setDefault(p, 'targetPort', p.port);
      }
      break;
    case 'Namespace':
      // The API server labels every namespace with its own name, so selectors can match it.
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name! };
      if (creating) obj.status = { ...(obj.status ?? {}), phase: 'Active' };
      break;
    case 'Secret':
      setDefault(obj as Json, 'type', 'Opaque');
      if (obj.stringData && typeof obj.stringData === 'object') {
        // stringData is write-only: merged into data, as the API server does.
        obj.data = { ...(obj.data ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v)).toString('base64');
        delete obj.stringData;
      }
      break;
  }
}
