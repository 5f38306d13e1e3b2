// The shared half of a Deployment sync, step for step with upstream's
// deployment controller: writes, revision sync and new replica sets,
// scaling one replica set and the status conditions.
import { ApiError } from '../api/errors.js';
import { RT } from '../api/resources.js';
import type { SimContext } from '../context.js';
import { clone, deepEqual, timestamp } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import * as u from './deployment-util.js';
import { computeHash } from './template-hash.js';
import { controllerRefOf, controllerRefTo } from './pods.js';

const COMPONENT = 'deployment-controller';

/** What a pass needs from its controller: precise progress times and timed requeues. */
export interface RolloutHooks {
  /** Real-clock ms when the Progressing condition got this lastUpdateTime (timestamps have whole seconds). */
  progressAt(stamp: string): number;
  noteProgress(stamp: string, ms: number): void;
  requeueAfter(simMs: number): void;
}

/** The state and writes of one Deployment sync; DeploymentRollout adds the strategies. */
export class DeploymentSync {
  protected d: KObject;
  protected rss: KObject[];

  constructor(
    protected readonly ctx: SimContext,
    d: KObject,
    rss: KObject[],
    protected readonly pods: KObject[],
    protected readonly hooks: RolloutHooks,
  ) {
    this.d = clone(d);
    this.d.status ??= {};
    this.rss = [...rss];
  }

  protected cond(type: string, status: u.Condition['status'], reason: string, message: string): u.Condition {
    const ms = this.ctx.clock.now();
    const at = timestamp(ms);
    if (type === 'Progressing') this.hooks.noteProgress(at, ms);
    return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
  }

  protected event(reason: string, message: string): void {
    this.ctx.events.record(this.d, 'Normal', reason, message, COMPONENT);
  }

  // Annotations go through the main resource, status through /status: upstream's UpdateStatus carries both.
  protected writeDeployment(): void {
    const store = this.ctx.store;
    let cur = store.mustGet(RT.deployments, this.d.metadata.namespace, this.d.metadata.name!);
    if (!deepEqual(cur.metadata.annotations, this.d.metadata.annotations)) {
      const main = clone(cur);
      main.metadata.annotations = clone(this.d.metadata.annotations);
      main.metadata.resourceVersion = this.d.metadata.resourceVersion;
      cur = store.update(RT.deployments, main);
    } else if (cur.metadata.resourceVersion !== this.d.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `deployment ${this.d.metadata.name} changed during sync`);
    }
    const withStatus = clone(cur);
    withStatus.status = clone(this.d.status);
    this.d = clone(store.update(RT.deployments, withStatus, { subresource: 'status' }));
  }

  protected writeRS(rs: KObject): KObject {
    const stored = this.ctx.store.update(RT.replicasets, rs);
    this.rss = this.rss.map((r) => (r.metadata.uid === stored.metadata.uid ? stored : r));
    return stored;
  }

  protected fresh(rs: KObject | undefined): KObject | undefined {
    return rs && this.rss.find((r) => r.metadata.uid === rs.metadata.uid);
  }

  protected olds(newRS: KObject | undefined): KObject[] {
    return this.rss.filter((r) => r.metadata.uid !== newRS?.metadata.uid).sort(u.byCreation);
  }

  protected setRevision(revision: string): boolean {
    const a = (this.d.metadata.annotations ??= {});
    if (a[u.REVISION] === revision) return false;
    a[u.REVISION] = revision;
    return true;
  }

  // getAllReplicaSetsAndSyncRevision + getNewReplicaSet.
  protected allRSs(create: boolean): { newRS: KObject | undefined; oldRSs: KObject[] } {
    const existing = u.findNewRS(this.d, this.rss);
    const oldRSs = this.olds(existing);
    const newRevision = String(u.maxRevision(oldRSs) + 1);
    if (existing) {
      const copy = clone(existing);
      const minReady = this.d.spec?.minReadySeconds ?? 0;
      if (u.setNewRSAnnotations(this.d, copy, newRevision, true) || (copy.spec.minReadySeconds ?? 0) !== minReady) {
        if (minReady) copy.spec.minReadySeconds = minReady;
        else delete copy.spec.minReadySeconds;
        return { newRS: this.writeRS(copy), oldRSs };
      }
      let needsUpdate = this.setRevision(copy.metadata.annotations?.[u.REVISION] ?? '');
      if (u.hasProgressDeadline(this.d) && !u.getCondition(this.d.status, 'Progressing')) {
        u.setCondition(this.d.status, this.cond('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${copy.metadata.name}"`));
        needsUpdate = true;
      }
      if (needsUpdate) this.writeDeployment();
      return { newRS: existing, oldRSs };
    }
    if (!create) return { newRS: undefined, oldRSs };
    return { newRS: this.createNewRS(oldRSs, newRevision), oldRSs };
  }

  protected createNewRS(oldRSs: KObject[], newRevision: string): KObject {
    const d = this.d;
    const hash = computeHash(d.spec.template, d.status.collisionCount);
    const template = clone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [u.TEMPLATE_HASH]: hash } };
    const selector = clone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [u.TEMPLATE_HASH]: hash };
    const rs: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [controllerRefTo(d)] },
      spec: { replicas: 0, selector, template },
    };
    if (d.spec.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds;
    rs.spec.replicas = u.newRSNewReplicas(d, [...oldRSs, rs], rs);
    u.setNewRSAnnotations(d, rs, newRevision, false);
    let created: KObject;
    let alreadyExists = false;
    try {
      created = this.ctx.store.create(RT.replicasets, rs);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err;
      const other = this.ctx.store.get(RT.replicasets, d.metadata.namespace, rs.metadata.name!);
      if (!other || controllerRefOf(other)?.uid !== d.metadata.uid || !u.equalIgnoreHash(other.spec?.template, d.spec.template)) {
        // A hash collision: bump collisionCount so the next attempt hashes differently.
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        this.writeDeployment();
        throw err;
      }
      created = other;
      alreadyExists = true;
    }
    this.rss.push(created);
    if (!alreadyExists && rs.spec.replicas > 0) {
      this.event('ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${rs.spec.replicas}`);
    }
    let needsUpdate = this.setRevision(newRevision);
    if (!alreadyExists && u.hasProgressDeadline(d)) {
      u.setCondition(d.status, this.cond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`));
      needsUpdate = true;
    }
    if (needsUpdate) this.writeDeployment();
    return created;
  }

  /** scaleReplicaSet: sets replicas and the replica annotations; records the scaling event. */
  protected scaleRS(rs: KObject, replicas: number): boolean {
    const cur = this.fresh(rs)!;
    const copy = clone(cur);
    const sized = u.specReplicas(cur) !== replicas;
    const annotated = u.setReplicasAnnotations(copy, u.specReplicas(this.d), u.specReplicas(this.d) + u.maxSurge(this.d));
    if (!sized && !annotated) return false;
    copy.spec.replicas = replicas;
    this.writeRS(copy);
    if (!sized) return false;
    const op = u.specReplicas(cur) < replicas ? 'up' : 'down';
    this.event('ScalingReplicaSet', `Scaled ${op} replica set ${cur.metadata.name} from ${u.specReplicas(cur)} to ${replicas}`);
    return true;
  }

  // syncDeploymentStatus (rollout=false) and syncRolloutStatus (rollout=true).
  protected syncStatus(newRS: KObject | undefined, rollout: boolean): void {
    const fresh = this.fresh(newRS);
    const all = this.rss;
    const status = u.calculateStatus(this.d, all, fresh, (...a) => this.cond(...a));
    if (rollout) {
      const d = this.d;
      if (!u.hasProgressDeadline(d)) u.removeCondition(status, 'Progressing');
      const current = u.getCondition(d.status, 'Progressing');
      const complete = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
      if (u.hasProgressDeadline(d) && !complete) {
        const what = fresh ? `ReplicaSet "${fresh.metadata.name}"` : `Deployment "${d.metadata.name}"`;
        if (u.deploymentComplete(d, status)) {
          u.setCondition(status, this.cond('Progressing', 'True', 'NewReplicaSetAvailable', `${what} has successfully progressed.`));
        } else if (u.deploymentProgressing(d, status)) {
          const c = this.cond('Progressing', 'True', 'ReplicaSetUpdated', `${what} is progressing.`);
          if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
          u.removeCondition(status, 'Progressing');
          u.setCondition(status, c);
        } else if (this.timedOut(status)) {
          u.setCondition(status, this.cond('Progressing', 'False', 'ProgressDeadlineExceeded', `${what} has timed out progressing.`));
        }
      }
      const failure = all.map((rs) => (rs.status?.conditions ?? []).find((c: any) => c.type === 'ReplicaFailure' && c.status === 'True')).find(Boolean);
      if (failure) {
        u.setCondition(status, { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime });
      } else u.removeCondition(status, 'ReplicaFailure');
    }
    if (deepEqual(this.d.status, status)) {
      if (rollout) this.requeueStuck(status);
      return;
    }
    this.d.status = status;
    this.writeDeployment();
  }

  // DeploymentTimedOut, in simulated time: the deadline counts from the last progress.
  protected timedOut(status: any): boolean {
    const c = u.getCondition(status, 'Progressing');
    if (!c || c.reason === 'NewReplicaSetAvailable') return false;
    if (c.reason === 'ProgressDeadlineExceeded') return true;
    const elapsedSim = (this.ctx.clock.now() - this.hooks.progressAt(c.lastUpdateTime)) * this.ctx.clock.speed;
    return elapsedSim > u.progressDeadline(this.d) * 1000;
  }

  // requeueStuckDeployment: look again when the deadline would pass without progress.
  protected requeueStuck(status: any): void {
    const c = u.getCondition(this.d.status, 'Progressing');
    if (!u.hasProgressDeadline(this.d) || !c || u.deploymentComplete(this.d, status) || c.reason === 'ProgressDeadlineExceeded') return;
    const elapsedSim = (this.ctx.clock.now() - this.hooks.progressAt(c.lastUpdateTime)) * this.ctx.clock.speed;
    // One real millisecond past the deadline, so the strict comparison above holds.
    this.hooks.requeueAfter(Math.max(0, u.progressDeadline(this.d) * 1000 - elapsedSim) + this.ctx.clock.speed);
  }
}
