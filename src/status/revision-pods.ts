// Which pods belong to a workload's newest revision. Only those can block the
// rollout: old pods are being replaced, so their troubles are not the upgrade's.
import { matchesSelector, timeMs } from './fields.js';
import type { DaemonSet, Deployment, Pod, PodTemplate, ReplicaSet, StatefulSet, Workload } from './types.js';

// The revision labels the controllers put on pods.
const TEMPLATE_HASH = 'pod-template-hash';
const REVISION_HASH = 'controller-revision-hash';
const DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';

/** The pods `obj` selects (same namespace, matching selector). */
export function selectedPods(obj: Workload, pods: readonly Pod[]): Pod[] {
  const ns = obj.metadata?.namespace;
  return pods.filter((p) => {
    const podNs = p.metadata?.namespace;
    if (ns && podNs && ns !== podNs) return false;
    return matchesSelector(obj.spec?.selector, p.metadata?.labels);
  });
}

/** The selected pods of the newest revision of `obj`; replicaSets pin a Deployment's revision exactly. */
export function newRevisionPods(kind: string, obj: Workload, selected: readonly Pod[], replicaSets: readonly ReplicaSet[] = []): Pod[] {
  switch (kind) {
    case 'Deployment': {
      const hash = newestReplicaSetHash(obj as Deployment, replicaSets);
      if (hash !== undefined) return selected.filter((p) => p.metadata?.labels?.[TEMPLATE_HASH] === hash);
      return newestGroup(selected, TEMPLATE_HASH, obj.spec?.template);
    }
    case 'StatefulSet': {
      const rev = (obj as StatefulSet).status?.updateRevision;
      if (rev) return selected.filter((p) => p.metadata?.labels?.[REVISION_HASH] === rev);
      return [...selected];
    }
    case 'DaemonSet':
      // A DaemonSet's status does not name its update revision; infer it from the pods.
      return newestGroup(selected, REVISION_HASH, (obj as DaemonSet).spec?.template);
    default:
      // ReplicaSets and Jobs have one template: all their pods are "new".
      return [...selected];
  }
}

// The ReplicaSet owned by the Deployment with the highest revision annotation.
function newestReplicaSetHash(d: Deployment, replicaSets: readonly ReplicaSet[]): string | undefined {
  const uid = d.metadata?.uid;
  const name = d.metadata?.name;
  let best: { rev: number; hash: string } | undefined;
  for (const rs of replicaSets) {
    const owner = rs.metadata?.ownerReferences?.find((o) => o.kind === 'Deployment' && o.controller !== false);
    if (!owner || (uid && owner.uid ? owner.uid !== uid : owner.name !== name)) continue;
    const rev = Number(rs.metadata?.annotations?.[DEPLOYMENT_REVISION] ?? NaN);
    const hash = rs.metadata?.labels?.[TEMPLATE_HASH] ?? rs.spec?.template?.metadata?.labels?.[TEMPLATE_HASH];
    if (hash === undefined || Number.isNaN(rev)) continue;
    if (!best || rev > best.rev) best = { rev, hash };
  }
  return best?.hash;
}

/**
 * Without the controller's own record, pick the revision group whose pods run
 * the template's images; among several (a config-only change) the one with
 * the most recently created pod, since a rollout creates new pods last.
 */
function newestGroup(pods: readonly Pod[], label: string, template: PodTemplate | undefined): Pod[] {
  const groups = new Map<string, Pod[]>();
  for (const p of pods) {
    const key = p.metadata?.labels?.[label] ?? '';
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const all = [...groups.values()];
  const matching = all.filter((g) => g.every((p) => runsTemplate(p, template)));
  const candidates = matching.length > 0 ? matching : all;
  const newest = (g: Pod[]) => Math.max(...g.map((p) => timeMs(p.metadata?.creationTimestamp) ?? 0));
  candidates.sort((a, b) => newest(b) - newest(a));
  return candidates[0] ?? [];
}

// Same image for every container the template names (admission may add others, so extra pod containers are fine).
function runsTemplate(pod: Pod, template: PodTemplate | undefined): boolean {
  const wanted = [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])];
  if (wanted.length === 0) return false;
  const have = new Map([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => [c.name, c.image]));
  return wanted.every((c) => have.get(c.name) === c.image);
}
