// The checks the kubelet makes against ConfigMaps and Secrets before it can
// mount a pod's volumes or create a container, with the messages it reports
// (FailedMount events; CreateContainerConfigError waiting reasons).
import { RT } from '../api/resources.js';
import type { SimContext } from '../context.js';
import type { KObject } from '../store/types.js';

function hasKey(obj: KObject, key: string): boolean {
  return Object.hasOwn(obj.data ?? {}, key) || Object.hasOwn(obj.binaryData ?? {}, key) || Object.hasOwn(obj.stringData ?? {}, key);
}

/**
 * Why a container cannot be created yet (`secret "x" not found`, `couldn't
 * find key k in ConfigMap ns/x`), or undefined when its env resolves.
 */
export function containerConfigError(ctx: SimContext, pod: KObject, container: any): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const src of container?.envFrom ?? []) {
    if (src?.configMapRef?.name && !src.configMapRef.optional && !ctx.store.get(RT.configmaps, ns, src.configMapRef.name)) {
      return `configmap "${src.configMapRef.name}" not found`;
    }
    if (src?.secretRef?.name && !src.secretRef.optional && !ctx.store.get(RT.secrets, ns, src.secretRef.name)) {
      return `secret "${src.secretRef.name}" not found`;
    }
  }
  for (const e of container?.env ?? []) {
    const refs: [any, typeof RT.configmaps, string, string][] = [
      [e?.valueFrom?.configMapKeyRef, RT.configmaps, 'configmap', 'ConfigMap'],
      [e?.valueFrom?.secretKeyRef, RT.secrets, 'secret', 'Secret'],
    ];
    for (const [ref, rt, lower, kind] of refs) {
      if (!ref?.name || ref.optional) continue;
      const obj = ctx.store.get(rt, ns, ref.name);
      if (!obj) return `${lower} "${ref.name}" not found`;
      if (ref.key !== undefined && !hasKey(obj, ref.key)) return `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`;
    }
  }
  return undefined;
}

/** Why the pod's volumes cannot be mounted (a FailedMount event message), or undefined. */
export function volumeMountError(ctx: SimContext, pod: KObject): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const missing = (src: any, rt: typeof RT.configmaps, name: string | undefined, lower: string): string | undefined =>
    name && !src.optional && !ctx.store.get(rt, ns, name) ? `${lower} "${name}" not found` : undefined;
  for (const v of pod.spec?.volumes ?? []) {
    const problems: string[] = [];
    if (v?.configMap) problems.push(missing(v.configMap, RT.configmaps, v.configMap.name, 'configmap') ?? '');
    if (v?.secret) problems.push(missing(v.secret, RT.secrets, v.secret.secretName, 'secret') ?? '');
    for (const s of v?.projected?.sources ?? []) {
      if (s?.configMap) problems.push(missing(s.configMap, RT.configmaps, s.configMap.name, 'configmap') ?? '');
      if (s?.secret) problems.push(missing(s.secret, RT.secrets, s.secret.name, 'secret') ?? '');
    }
    const found = problems.filter(Boolean);
    if (found.length) {
      const what = v.projected ? `[${found.join(', ')}]` : found[0];
      return `MountVolume.SetUp failed for volume "${v.name}" : ${what}`;
    }
  }
  return undefined;
}
