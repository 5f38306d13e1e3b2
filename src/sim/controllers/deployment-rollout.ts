// One reconcile pass of a Deployment, following upstream's syncDeployment:
// paused and scaling syncs with proportional scaling, then the RollingUpdate
// or Recreate rollout, and the revisionHistoryLimit cleanup.
import { ApiError } from '../api/errors.js';
import { RT } from '../api/resources.js';
import type { KObject } from '../store/types.js';
import * as u from './deployment-util.js';
import { DeploymentSync } from './deployment-sync.js';
import { controllerRefOf } from './pods.js';

/** A single sync of one Deployment against its replica sets and pods. */
export class DeploymentRollout extends DeploymentSync {
  run(): void {
    if (this.d.metadata.deletionTimestamp) {
      const { newRS } = this.allRSs(false);
      return this.syncStatus(newRS, false);
    }
    this.checkPausedConditions();
    if (this.d.spec?.paused || this.isScalingEvent()) return this.syncScale();
    return u.isRollingUpdate(this.d) ? this.rolloutRolling() : this.rolloutRecreate();
  }

  private isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.allRSs(false);
    return u.activeRSs([...oldRSs, ...(newRS ? [newRS] : [])].map((r) => this.fresh(r)!)).some((rs) => {
      const desired = rs.metadata.annotations?.[u.DESIRED_REPLICAS];
      return desired !== undefined && Number(desired) !== u.specReplicas(this.d);
    });
  }

  // sync(): scaling and paused deployments.
  private syncScale(): void {
    const { newRS, oldRSs } = this.allRSs(false);
    this.scale(newRS, oldRSs);
    if (this.d.spec?.paused) this.cleanup(newRS);
    this.syncStatus(newRS, false);
  }

  // scale(): proportional scaling across active replica sets.
  private scale(newRS: KObject | undefined, oldRSs: KObject[]): void {
    const want = u.specReplicas(this.d);
    const olds = oldRSs.map((r) => this.fresh(r)!).reverse();
    const fresh = this.fresh(newRS);
    const active = u.activeRSs([...(fresh ? [fresh] : []), ...olds]);
    if (fresh || olds.length) {
      const single = active.length === 0 ? (fresh ?? olds[0]) : active.length === 1 ? active[0] : undefined;
      if (single) {
        if (u.specReplicas(single) !== want) this.scaleRS(single, want);
        return;
      }
    }
    const saturated = fresh && u.specReplicas(fresh) === want && Number(fresh.metadata.annotations?.[u.DESIRED_REPLICAS]) === want && (fresh.status?.availableReplicas ?? 0) === want;
    if (saturated) {
      for (const old of u.activeRSs(olds)) this.scaleRS(old, 0);
      return;
    }
    if (!u.isRollingUpdate(this.d)) return;
    const allowed = want > 0 ? want + u.maxSurge(this.d) : 0;
    const toAdd = allowed - u.sumSpec(active);
    const newer = (a: KObject, b: KObject) => -u.byCreation(a, b);
    active.sort((a, b) => u.specReplicas(b) - u.specReplicas(a) || (toAdd > 0 ? newer(a, b) : u.byCreation(a, b)));
    let added = 0;
    const sizes = active.map((rs) => {
      if (toAdd === 0) return u.specReplicas(rs);
      const proportion = this.proportion(rs, toAdd, added);
      added += proportion;
      return u.specReplicas(rs) + proportion;
    });
    if (toAdd !== 0 && sizes.length) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
    active.forEach((rs, i) => this.scaleRS(rs, sizes[i]!));
  }

  // GetProportion / getReplicaSetFraction.
  private proportion(rs: KObject, toAdd: number, added: number): number {
    if (u.specReplicas(rs) === 0 || toAdd === added) return 0;
    const want = u.specReplicas(this.d);
    let fraction: number;
    if (want === 0) fraction = -u.specReplicas(rs);
    else {
      // The deployment's max size when this replica set was last scaled; else its current size.
      const before = Number(rs.metadata.annotations?.[u.MAX_REPLICAS] ?? 0) || (this.d.status?.replicas ?? 0);
      if (!before) return 0;
      fraction = Math.round((u.specReplicas(rs) * (want + u.maxSurge(this.d))) / before) - u.specReplicas(rs);
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  private rolloutRolling(): void {
    const { newRS, oldRSs } = this.allRSs(true);
    const all = () => [...oldRSs, newRS!].map((r) => this.fresh(r)!);
    if (this.reconcileNewRS(this.fresh(newRS)!, all()) || this.reconcileOldRSs(this.fresh(newRS)!, oldRSs)) {
      return this.syncStatus(newRS, true);
    }
    if (u.deploymentComplete(this.d, this.d.status)) this.cleanup(newRS);
    this.syncStatus(newRS, true);
  }

  private reconcileNewRS(newRS: KObject, all: KObject[]): boolean {
    const want = u.specReplicas(this.d);
    if (u.specReplicas(newRS) === want) return false;
    if (u.specReplicas(newRS) > want) return this.scaleRS(newRS, want);
    return this.scaleRS(newRS, u.newRSNewReplicas(this.d, all, newRS));
  }

  private reconcileOldRSs(newRS: KObject, oldRSs: KObject[]): boolean {
    const olds = () => u.activeRSs(oldRSs.map((r) => this.fresh(r)!));
    if (u.sumSpec(olds()) === 0) return false;
    const minAvailable = u.specReplicas(this.d) - u.maxUnavailable(this.d);
    const newUnavailable = u.specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = u.sumSpec([...olds(), newRS]) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // cleanupUnhealthyReplicas: unavailable old pods go first, they cost no availability.
    let cleaned = 0;
    for (const rs of olds()) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = u.specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
      if (unhealthy <= 0) continue;
      const n = Math.min(maxScaledDown - cleaned, unhealthy);
      this.scaleRS(rs, u.specReplicas(rs) - n);
      cleaned += n;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: then as many as availability allows.
    let scaled = 0;
    const available = u.sumStatus([...oldRSs.map((r) => this.fresh(r)!), newRS], 'availableReplicas');
    const total = available - minAvailable;
    for (const rs of total > 0 ? olds() : []) {
      if (scaled >= total) break;
      const n = Math.min(u.specReplicas(rs), total - scaled);
      this.scaleRS(rs, u.specReplicas(rs) - n);
      scaled += n;
    }
    return cleaned + scaled > 0;
  }

  private rolloutRecreate(): void {
    const found = this.allRSs(false);
    const oldRSs = found.oldRSs;
    let newRS = found.newRS;
    let scaledDown = false;
    for (const rs of u.activeRSs(oldRSs.map((r) => this.fresh(r)!))) scaledDown = this.scaleRS(rs, 0) || scaledDown;
    if (scaledDown || this.oldPodsRunning(newRS, oldRSs)) return this.syncStatus(newRS, true);
    if (!newRS) newRS = this.allRSs(true).newRS;
    if (u.specReplicas(this.fresh(newRS)) !== u.specReplicas(this.d)) this.scaleRS(newRS!, u.specReplicas(this.d));
    if (u.deploymentComplete(this.d, this.d.status)) this.cleanup(newRS);
    this.syncStatus(newRS, true);
  }

  // oldPodsRunning: Recreate waits until no pod of an old replica set is left alive (terminating ones included).
  private oldPodsRunning(newRS: KObject | undefined, oldRSs: KObject[]): boolean {
    if (u.sumStatus(oldRSs.map((r) => this.fresh(r)!), 'replicas') > 0) return true;
    const oldUids = new Set(oldRSs.map((r) => r.metadata.uid));
    return this.pods.some((p) => {
      const ref = controllerRefOf(p);
      return ref && ref.uid !== newRS?.metadata.uid && oldUids.has(ref.uid) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
    });
  }

  // cleanupDeployment: delete the oldest idle replica sets beyond revisionHistoryLimit.
  private cleanup(newRS: KObject | undefined): void {
    const limit = this.d.spec?.revisionHistoryLimit ?? 10;
    const cleanable = this.olds(newRS).filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => u.revisionOf(a) - u.revisionOf(b) || u.byCreation(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || u.specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.ctx.store.delete(RT.replicasets, rs.metadata.namespace, rs.metadata.name!);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
      this.rss = this.rss.filter((r) => r.metadata.uid !== rs.metadata.uid);
    }
  }

  // checkPausedConditions: Progressing Unknown while paused, "resumed" after.
  private checkPausedConditions(): void {
    if (!u.hasProgressDeadline(this.d)) return;
    const cond = u.getCondition(this.d.status, 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return;
    const pausedCond = cond?.reason === 'DeploymentPaused';
    if (this.d.spec?.paused && !pausedCond) {
      u.setCondition(this.d.status, this.cond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'));
    } else if (!this.d.spec?.paused && pausedCond) {
      u.setCondition(this.d.status, this.cond('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed'));
    } else return;
    this.writeDeployment();
  }
}
