// The default scheduler's Filter plugins that matter for a small cluster
// (NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit,
// InterPodAffinity), each reporting the reason strings kube-scheduler puts
// in "0/3 nodes are available: ..." messages.
import { matcherFromLabelSelector } from '../store/selectors.js';
import type { KObject } from '../store/types.js';
import { nodeIsReady } from './nodes.js';
import { parseQuantity, podRequests } from './quantity.js';

/** Why one node cannot take the pod; `resolvable` failures could be fixed by preemption. */
export interface NodeFailure {
  reasons: string[];
  resolvable: boolean;
}

function requirementMatches(req: any, value: string | undefined): boolean {
  const values: string[] = req?.values ?? [];
  switch (req?.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0] ?? '')) return false;
      const diff = BigInt(value) - BigInt(values[0]!);
      return req.operator === 'Gt' ? diff > 0n : diff < 0n;
    }
    default:
      return false;
  }
}

function termMatches(term: any, node: KObject): boolean {
  const exprs: any[] = term?.matchExpressions ?? [];
  const fields: any[] = term?.matchFields ?? [];
  if (!exprs.length && !fields.length) return false; // an empty term selects nothing
  const labels = node.metadata.labels ?? {};
  return (
    exprs.every((r) => requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) &&
    fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
  );
}

/** NodeAffinity: spec.nodeSelector and required node affinity. */
export function nodeAffinityMatches(pod: KObject, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms: any[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms || terms.some((t) => termMatches(t, node));
}

function tolerates(pod: KObject, taint: any): boolean {
  return (pod.spec?.tolerations ?? []).some((t: any) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** The taints that keep new pods off a node (its own, plus not-ready/unschedulable as the node lifecycle controller adds). */
function schedulingTaints(node: KObject): any[] {
  const taints = [...(node.spec?.taints ?? [])].filter((t: any) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (!nodeIsReady(node) && !taints.some((t) => t.key === 'node.kubernetes.io/not-ready')) {
    taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  }
  return taints;
}

/** Non-terminal pods bound to each node. */
export function podsByNode(pods: KObject[]): Map<string, KObject[]> {
  const out = new Map<string, KObject[]>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    if (!out.has(n)) out.set(n, []);
    out.get(n)!.push(p);
  }
  return out;
}

// A pod's spec never changes once bound, so its requests are parsed once.
const requestCache = new WeakMap<object, Record<string, number>>();
function requestsOf(pod: KObject): Record<string, number> {
  const spec = pod.spec ?? {};
  let r = requestCache.get(spec);
  if (!r) {
    r = podRequests(spec);
    requestCache.set(spec, r);
  }
  return r;
}

function resourceFit(pod: KObject, node: KObject, onNode: KObject[]): string[] {
  const alloc = node.status?.allocatable ?? {};
  const reasons: string[] = [];
  if (onNode.length + 1 > parseQuantity(alloc.pods ?? '110')) reasons.push('Too many pods');
  const want = podRequests(pod.spec);
  if (!Object.values(want).some((v) => v > 0)) return reasons;
  const used: Record<string, number> = {};
  for (const p of onNode) for (const [k, v] of Object.entries(requestsOf(p))) used[k] = (used[k] ?? 0) + v;
  for (const [res, amount] of Object.entries(want)) {
    if (amount <= 0) continue;
    const have = parseQuantity(alloc[res] ?? '0');
    if ((used[res] ?? 0) + amount > (Number.isFinite(have) ? have : 0) + 1e-9) reasons.push(`Insufficient ${res}`);
  }
  return reasons;
}

function termPods(term: any, pod: KObject, pods: KObject[]): KObject[] {
  let match: (labels: Record<string, string> | undefined) => boolean;
  try {
    match = matcherFromLabelSelector(term?.labelSelector);
  } catch {
    return [];
  }
  const namespaces: string[] = term?.namespaces?.length ? term.namespaces : [pod.metadata.namespace ?? 'default'];
  const anyNamespace = term?.namespaceSelector && Object.keys(term.namespaceSelector).length === 0;
  return pods.filter((p) => p.metadata.uid !== pod.metadata.uid && (anyNamespace || namespaces.includes(p.metadata.namespace!)) && match(p.metadata.labels));
}

function interPodAffinity(pod: KObject, node: KObject, nodes: KObject[], byNode: Map<string, KObject[]>): NodeFailure | undefined {
  const affinity = pod.spec?.affinity;
  // Most pods have no pod (anti-)affinity: skip flattening every bound pod.
  if (!affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length && !affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) {
    return undefined;
  }
  const all = [...byNode.values()].flat();
  const domainOf = (n: KObject, key: string) => n.metadata.labels?.[key];
  const nodesInDomain = (key: string, value: string) => nodes.filter((n) => domainOf(n, key) === value).map((n) => n.metadata.name!);
  for (const term of pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    const value = domainOf(node, term.topologyKey);
    if (value === undefined) continue;
    const inDomain = new Set(nodesInDomain(term.topologyKey, value));
    if (termPods(term, pod, all).some((p) => inDomain.has(p.spec.nodeName))) {
      return { reasons: ["node(s) didn't match pod anti-affinity rules"], resolvable: true };
    }
  }
  for (const term of pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    const value = domainOf(node, term.topologyKey);
    const matching = termPods(term, pod, all);
    // The first pod of a group that selects itself may go anywhere.
    if (matching.length === 0 && matcherFromLabelSelector(term.labelSelector)(pod.metadata.labels)) continue;
    const inDomain = value === undefined ? new Set<string>() : new Set(nodesInDomain(term.topologyKey, value));
    if (!matching.some((p) => inDomain.has(p.spec.nodeName))) {
      return { reasons: ["node(s) didn't match pod affinity rules"], resolvable: false };
    }
  }
  return undefined;
}

/** Runs the filters in kube-scheduler's order; undefined when the node fits. */
export function nodeFailure(pod: KObject, node: KObject, nodes: KObject[], byNode: Map<string, KObject[]>): NodeFailure | undefined {
  if (node.spec?.unschedulable && !tolerates(pod, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], resolvable: false };
  }
  const taint = schedulingTaints(node).find((t) => !tolerates(pod, t));
  if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], resolvable: false };
  if (!nodeAffinityMatches(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
  const fit = resourceFit(pod, node, byNode.get(node.metadata.name!) ?? []);
  if (fit.length) return { reasons: fit, resolvable: true };
  return interPodAffinity(pod, node, nodes, byNode);
}
