// The arithmetic of upstream's deployment util package: fenceposts, replica
// sums, revision and replica annotations, and the status/condition rules
// `kubectl rollout status` and helm read.
import { deepEqual } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { scaledValue } from './int-or-percent.js';

/** Annotation keys and the label the deployment controller maintains. */
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const TEMPLATE_HASH = 'pod-template-hash';
const NOT_COPIED = new Set([REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'kubectl.kubernetes.io/last-applied-configuration', 'deprecated.deployment.rollback.to']);
const MAX_HISTORY_CHARS = 2000;

/** A DeploymentCondition as the API serves it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** spec.replicas with the API default of 1. */
export const specReplicas = (o: KObject | undefined): number => o?.spec?.replicas ?? 1;
/** Strategy type with the API default RollingUpdate. */
export const isRollingUpdate = (d: KObject): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
/** spec.progressDeadlineSeconds with the API default of 600; MaxInt32 means none. */
export const progressDeadline = (d: KObject): number => d.spec?.progressDeadlineSeconds ?? 600;
/** Whether progress is tracked at all (Progressing condition, deadline). */
export const hasProgressDeadline = (d: KObject): boolean => progressDeadline(d) !== 2147483647;

// ResolveFenceposts: surge rounds up, unavailable down, and both zero means one unavailable.
function fenceposts(d: KObject): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const desired = specReplicas(d);
  const surge = scaledValue(ru.maxSurge ?? '25%', desired, true);
  const unavailable = scaledValue(ru.maxUnavailable ?? '25%', desired, false);
  return [surge, surge === 0 && unavailable === 0 ? 1 : unavailable];
}

/** deploymentutil.MaxSurge. */
export const maxSurge = (d: KObject): number => (isRollingUpdate(d) ? fenceposts(d)[0] : 0);
/** deploymentutil.MaxUnavailable, never above spec.replicas. */
export function maxUnavailable(d: KObject): number {
  if (!isRollingUpdate(d) || specReplicas(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], specReplicas(d));
}

/** The revision annotation as a number (0 when absent or malformed). */
export function revisionOf(rs: KObject): number {
  const n = Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
}
/** The highest revision among replica sets. */
export const maxRevision = (rss: KObject[]): number => rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);

/** Sorts oldest first (creationTimestamp, then name), like ReplicaSetsByCreationTimestamp. */
export function byCreation(a: KObject, b: KObject): number {
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

function withoutHash(template: any): any {
  const { [TEMPLATE_HASH]: _h, ...labels } = template?.metadata?.labels ?? {};
  return { ...(template ?? {}), metadata: { ...(template?.metadata ?? {}), labels } };
}
/** EqualIgnoreHash: pod templates equal apart from pod-template-hash. */
export const equalIgnoreHash = (a: any, b: any): boolean => deepEqual(withoutHash(a), withoutHash(b));

/** FindNewReplicaSet: the oldest replica set whose template is the deployment's. */
export function findNewRS(d: KObject, rss: KObject[]): KObject | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Sums of spec.replicas and of a status counter over replica sets; the active ones (spec > 0). */
export const sumSpec = (rss: KObject[]): number => rss.reduce((n, rs) => n + specReplicas(rs), 0);
export const sumStatus = (rss: KObject[], field: string): number => rss.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
export const activeRSs = (rss: KObject[]): KObject[] => rss.filter((rs) => specReplicas(rs) > 0);

/** SetReplicasAnnotations: desired-replicas and max-replicas; true when they changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  if (a[DESIRED_REPLICAS] === String(desired) && a[MAX_REPLICAS] === String(max)) return false;
  a[DESIRED_REPLICAS] = String(desired);
  a[MAX_REPLICAS] = String(max);
  return true;
}

/** SetNewReplicaSetAnnotations: copies the deployment's annotations and raises the revision (keeping history on rollback). */
export function setNewRSAnnotations(d: KObject, rs: KObject, newRevision: string, exists: boolean): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const had = Object.hasOwn(a, REVISION) ? a[REVISION]! : undefined;
  const oldRev = had === undefined || had === '' ? 0 : Number.parseInt(had, 10);
  if (Number.isNaN(oldRev)) return false;
  const newRev = Number.parseInt(newRevision, 10);
  if (oldRev < newRev) {
    a[REVISION] = newRevision;
    changed = true;
    if (had !== undefined) {
      // A rollback: the replica set remembers the revisions it used to be.
      const history = a[REVISION_HISTORY] ? a[REVISION_HISTORY].split(',') : [];
      history.push(had);
      while (history.join(',').length > MAX_HISTORY_CHARS) history.shift();
      a[REVISION_HISTORY] = history.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** NewRSNewReplicas: how far the new replica set may grow now. */
export function newRSNewReplicas(d: KObject, all: KObject[], newRS: KObject): number {
  if (!isRollingUpdate(d)) return specReplicas(d);
  const maxTotal = specReplicas(d) + maxSurge(d);
  const current = sumSpec(all);
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
}

/** The condition of a type, if present. */
export const getCondition = (status: any, type: string): Condition | undefined =>
  (status?.conditions ?? []).find((c: Condition) => c.type === type);

/** Drops the condition of a type (and an emptied list). */
export function removeCondition(status: any, type: string): void {
  if (!status?.conditions) return;
  status.conditions = status.conditions.filter((c: Condition) => c.type !== type);
  if (!status.conditions.length) delete status.conditions;
}

/** SetDeploymentCondition: no-op for the same status and reason; keeps lastTransitionTime while status holds; moves it last. */
export function setCondition(status: any, cond: Condition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c: Condition) => c.type !== cond.type), next];
}

/** calculateStatus: replica counts from the replica sets plus the Available condition. */
export function calculateStatus(d: KObject, all: KObject[], newRS: KObject | undefined, cond: (type: string, status: Condition['status'], reason: string, message: string) => Condition): any {
  const available = sumStatus(all, 'availableReplicas');
  const status: any = {
    observedGeneration: d.metadata.generation,
    replicas: sumStatus(all, 'replicas'),
    updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
    readyReplicas: sumStatus(all, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumSpec(all) - available),
    collisionCount: d.status?.collisionCount,
  };
  for (const k of Object.keys(status)) if (!status[k]) delete status[k];
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c: Condition) => ({ ...c }));
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'));
  } else {
    setCondition(status, cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
  }
  return status;
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: KObject, s: any): boolean {
  const want = specReplicas(d);
  return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated/ready/available replicas, or fewer old ones, than last time. */
export function deploymentProgressing(d: KObject, s: any): boolean {
  const o = d.status ?? {};
  const n = (x: any, f: string) => x?.[f] ?? 0;
  return (
    n(s, 'updatedReplicas') > n(o, 'updatedReplicas') ||
    n(s, 'replicas') - n(s, 'updatedReplicas') < n(o, 'replicas') - n(o, 'updatedReplicas') ||
    n(s, 'readyReplicas') > n(o, 'readyReplicas') ||
    n(s, 'availableReplicas') > n(o, 'availableReplicas')
  );
}
