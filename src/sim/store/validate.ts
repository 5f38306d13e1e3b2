// The slice of API-server validation that real clients rely on getting back
// as 422 Invalid rather than a cluster that silently accepts nonsense.
import { errors } from '../api/errors.js';
import type { KObject, ResourceType } from './types.js';

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels, not subdomains. */
const labelNamed = new Set(['Namespace', 'Service']);

function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return ['spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

/** Throws 422 Invalid when the object breaks a rule the real API server enforces. */
export function validate(rt: ResourceType, obj: KObject): void {
  const name = obj.metadata.name ?? '';
  const causes: { field: string; message: string }[] = [];
  if (!name) causes.push({ field: 'metadata.name', message: 'Required value: name or generateName is required' });
  else if (name.length > 253 || !(labelNamed.has(rt.kind) ? dns1123Label : dns1123Subdomain).test(name)) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${labelNamed.has(rt.kind) ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (typeof v !== 'string') causes.push({ field: `metadata.labels[${k}]`, message: 'Invalid value: must be a string' });
  }
  const path = podSpecPath(rt.kind);
  if (path) {
    let spec: any = obj;
    for (const p of path) spec = spec?.[p];
    const prefix = path.join('.');
    const containers = spec?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      causes.push({ field: `${prefix}.containers`, message: 'Required value' });
    } else {
      containers.forEach((c: any, i: number) => {
        if (!c?.name) causes.push({ field: `${prefix}.containers[${i}].name`, message: 'Required value' });
        if (!c?.image) causes.push({ field: `${prefix}.containers[${i}].image`, message: 'Required value' });
      });
    }
  }
  const replicas = obj.spec?.replicas;
  if (['Deployment', 'ReplicaSet', 'StatefulSet'].includes(rt.kind) && typeof replicas === 'number' && replicas < 0) {
    causes.push({ field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` });
  }
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(rt.kind)) {
    const sel = obj.spec?.selector;
    const labels = obj.spec?.template?.metadata?.labels ?? {};
    if (!sel || (!sel.matchLabels && !sel.matchExpressions)) {
      causes.push({ field: 'spec.selector', message: 'Required value' });
    } else {
      for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
        if (labels[k] !== v) {
          causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
          break;
        }
      }
    }
  }
  if (causes.length) throw errors.invalid(rt.kind, name, causes);
}
