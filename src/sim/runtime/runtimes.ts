// The container runtime's state that outlives a single exec: each
// container's filesystem (for the pod's life) and the real PostgreSQL behind
// postgres containers — started when the container runs, stopped with the
// pod, its data kept for the pod or, under a StatefulSet, for its claim.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import type { KObject, StoreEvent } from '../store/types.js';
import { ContainerFs } from './container-fs.js';
import { declaredCommands, declaredFiles, isPostgresImage, postgresSettings } from './conventions.js';
import { PodNetwork } from './pod-network.js';

/** How long shutdown waits for databases to stop in order before killing them. */
const SHUTDOWN_GRACE_MS = 3000;
import { NO_POSTGRES, PostgresInstance, postgresBin } from './postgres.js';

interface Database {
  instance: PostgresInstance;
  /** Serialises start and stop of one data directory. */
  chain: Promise<void>;
  /** Uid of the pod whose container runs it now; undefined while stopped. */
  podUid?: string;
  /** Where the data belongs: a pod (removed with it) or a claim (removed with the claim). */
  owner: { kind: 'pod' | 'pvc'; uid: string };
  error?: string;
}

function containerRunning(pod: KObject, name: string): boolean {
  return !!(pod.status?.containerStatuses ?? []).find((s: any) => s.name === name)?.state?.running;
}

export class ContainerRuntimes implements Controller {
  readonly name = 'container-runtime';
  private readonly filesystems = new Map<string, ContainerFs>();
  private readonly databases = new Map<string, Database>();
  private unsubscribe: (() => void) | undefined;
  /** What listens on each pod's ports (port-forward dials it). */
  readonly network = new PodNetwork((pod, container) => this.postgres(pod, container));

  constructor(private readonly ctx: SimContext) {}

  /** The container's filesystem, made from KUBESIM_FILES on first use. */
  fs(pod: KObject, container: any): ContainerFs {
    const key = `${pod.metadata.uid}/${container.name}`;
    let fs = this.filesystems.get(key);
    if (!fs) {
      fs = new ContainerFs(declaredFiles(container), declaredCommands(container).map((c) => c.argv[0]!));
      this.filesystems.set(key, fs);
    }
    return fs;
  }

  /** The running database of a postgres container (waiting for its start); an error line when there is none. */
  async postgres(pod: KObject, container: any): Promise<PostgresInstance | string> {
    const db = this.ensure(pod, container);
    if (typeof db === 'string') return db;
    await db.chain;
    return db.error ?? db.instance;
  }

  private ownerOf(pod: KObject): Database['owner'] {
    for (const v of pod.spec?.volumes ?? []) {
      const claim = v?.persistentVolumeClaim?.claimName;
      const pvc = claim ? this.ctx.store.get(RT.pvcs, pod.metadata.namespace, claim) : undefined;
      if (pvc?.metadata.uid) return { kind: 'pvc', uid: pvc.metadata.uid };
    }
    return { kind: 'pod', uid: pod.metadata.uid! };
  }

  private ensure(pod: KObject, container: any): Database | string {
    const bin = postgresBin();
    if (!bin) return NO_POSTGRES;
    const owner = this.ownerOf(pod);
    const key = `${owner.kind}:${owner.uid}/${container.name}`;
    let db = this.databases.get(key);
    if (!db) {
      db = { instance: new PostgresInstance(bin), chain: Promise.resolve(), owner };
      this.databases.set(key, db);
    }
    if (db.podUid !== pod.metadata.uid) {
      const d = db;
      d.podUid = pod.metadata.uid;
      const settings = postgresSettings(container);
      d.chain = d.chain
        .then(() => d.instance.stop())
        .then(() => d.instance.start(settings))
        .then(() => void (d.error = undefined))
        .catch((err: any) => {
          d.error = `kubesim: PostgreSQL did not start: ${String(err?.stderr || err?.message || err).trim().split('\n').pop()}`;
          this.ctx.logs.append(pod.metadata.uid!, container.name, d.error);
        });
    }
    return db;
  }

  private onEvent(e: StoreEvent): void {
    if (e.rt.key === RT.pods.key) {
      const pod = e.object;
      if (e.type === 'DELETED') return this.podGone(pod.metadata.uid!);
      for (const c of pod.spec?.containers ?? []) if (isPostgresImage(c.image) && containerRunning(pod, c.name)) this.ensure(pod, c);
    } else if (e.rt.key === RT.pvcs.key && e.type === 'DELETED') {
      for (const [key, db] of this.databases) if (db.owner.kind === 'pvc' && db.owner.uid === e.object.metadata.uid) this.drop(key, db);
    }
  }

  private podGone(uid: string): void {
    this.network.forget(uid);
    for (const key of [...this.filesystems.keys()]) if (key.startsWith(`${uid}/`)) this.filesystems.delete(key);
    for (const [key, db] of this.databases) {
      if (db.podUid !== uid) continue;
      db.podUid = undefined;
      if (db.owner.kind === 'pod') this.drop(key, db);
      else db.chain = db.chain.then(() => db.instance.stop()).catch(() => undefined);
    }
  }

  private drop(key: string, db: Database): void {
    this.databases.delete(key);
    db.chain = db.chain.then(() => db.instance.remove()).catch(() => undefined);
  }

  start(): void {
    this.unsubscribe = this.ctx.store.subscribe((e) => this.onEvent(e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Stops every database and deletes its data (the simulator is going away). */
  async shutdown(): Promise<void> {
    this.stop();
    const all = [...this.databases.values()];
    this.databases.clear();
    for (const db of all) db.instance.cancel();
    const orderly = Promise.all([this.network.closeAll(), ...all.map((db) => db.chain.then(() => db.instance.remove()).catch(() => undefined))]);
    // A stop or start still under way must not hold a quitting program: after a moment, kill what is left.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), SHUTDOWN_GRACE_MS)));
    const done = await Promise.race([orderly.then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (done === 'late') for (const db of all) db.instance.forceKill();
  }
}
