// The simulated etcd + registry: every object of every kind, one global
// resourceVersion, a bounded history of changes for watch replay, and the
// write semantics the API server guarantees (uid, generation, status kept on
// main writes, optimistic concurrency, no-op writes that emit nothing).
import { randomUUID } from 'node:crypto';
import { ApiError, errors } from '../api/errors.js';
import { RT } from '../api/resources.js';
import { clone, deepEqual, timestamp } from './deep.js';
import { History } from './history.js';
import type { KObject, ResourceType, StoreEvent } from './types.js';
import { apiVersionOf } from './types.js';
import { validate } from './validate.js';
import { applyDefaults } from './defaults.js';

export interface WriteOptions {
  /** Validate and compute the result without committing (`dryRun=All`). */
  dryRun?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  /** Write only this subresource ("status"), or bind a pod ("binding"); otherwise the main resource. */
  subresource?: string;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type StoreListener = (event: StoreEvent) => void;

export interface WatchOptions {
  namespace?: string;
  /** Replay every change after this resourceVersion first; 410 when too old. */
  fromRV?: number;
}

function keyOf(ns: string | undefined, name: string): string {
  return `${ns ?? ''}/${name}`;
}

const generateSuffixChars = 'bcdfghjklmnpqrstvwxz2456789';
function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += generateSuffixChars[Math.floor(Math.random() * generateSuffixChars.length)];
  return s;
}

/** Everything except metadata and status: what bumps `metadata.generation`. */
function specPart(obj: KObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

export class ObjectStore {
  private rv = 1;
  private readonly objects = new Map<string, Map<string, KObject>>();
  private readonly history: History;
  private readonly listeners = new Set<StoreListener>();
  /** owner uid → dependents, for garbage collection. */
  private readonly dependents = new Map<string, Set<string>>();
  /** uids of every stored object, so "does the owner still exist" is cheap. */
  private readonly uids = new Set<string>();

  constructor(opts: { historySize?: number } = {}) {
    this.history = new History(opts.historySize ?? 20_000);
  }

  /** The latest committed resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  private table(rt: ResourceType): Map<string, KObject> {
    let t = this.objects.get(rt.key);
    if (!t) {
      t = new Map();
      this.objects.set(rt.key, t);
    }
    return t;
  }

  /** The stored object, or undefined. Treat it as read-only. */
  get(rt: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    return this.table(rt).get(keyOf(rt.namespaced ? ns : undefined, name));
  }

  /** Like get, but throws 404 NotFound. */
  mustGet(rt: ResourceType, ns: string | undefined, name: string): KObject {
    const obj = this.get(rt, ns, name);
    if (!obj) throw errors.notFound(rt.group, rt.resource, name);
    return obj;
  }

  /** Objects of a kind, optionally in one namespace, in no particular order. Read-only. */
  list(rt: ResourceType, ns?: string): KObject[] {
    const out: KObject[] = [];
    for (const obj of this.table(rt).values()) {
      if (ns === undefined || !rt.namespaced || obj.metadata.namespace === ns) out.push(obj);
    }
    return out;
  }

  /** Like list, in namespace/name order, as the API serves lists. */
  listSorted(rt: ResourceType, ns?: string): KObject[] {
    const key = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    return this.list(rt, ns)
      .map((o) => [key(o), o] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map((x) => x[1]);
  }

  /** Number of objects of a kind (cheap). */
  count(rt: ResourceType): number {
    return this.table(rt).size;
  }

  /** Listens to every committed change of every kind (controllers). Listeners must not write synchronously. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Watches one kind: replays history after `fromRV` (410 Gone when it is no
   * longer held), then streams live changes. Returns the unsubscribe function.
   */
  watch(rt: ResourceType, opts: WatchOptions, onEvent: StoreListener): () => void {
    const matches = (e: StoreEvent) =>
      e.rt.key === rt.key && (opts.namespace === undefined || e.object.metadata.namespace === opts.namespace);
    if (opts.fromRV !== undefined && opts.fromRV < this.rv) {
      const replay = this.history.since(opts.fromRV);
      if (!replay) {
        throw errors.gone(`too old resource version: ${opts.fromRV} (${this.history.oldest()})`);
      }
      for (const e of replay) if (matches(e)) onEvent(e);
    }
    const listener: StoreListener = (e) => {
      if (matches(e)) onEvent(e);
    };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(event: StoreEvent): void {
    this.history.push(event);
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        // A broken listener must not break the write that already happened.
        console.error('kubesim: store listener failed:', err);
      }
    }
  }

  private nextRV(): number {
    this.rv += 1;
    return this.rv;
  }

  private index(obj: KObject, add: boolean, rt: ResourceType): void {
    this.rememberType(rt);
    if (add) this.uids.add(obj.metadata.uid!);
    else this.uids.delete(obj.metadata.uid!);
    const ref = `${rt.key}|${keyOf(obj.metadata.namespace, obj.metadata.name!)}`;
    for (const o of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(o.uid);
      if (add) {
        if (!set) this.dependents.set(o.uid, (set = new Set()));
        set.add(ref);
      } else if (set) {
        set.delete(ref);
        if (set.size === 0) this.dependents.delete(o.uid);
      }
    }
  }

  /** Creates an object: assigns uid, resourceVersion, timestamps; 409 when it exists. */
  create(rt: ResourceType, input: KObject, opts: WriteOptions = {}): KObject {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(rt);
    obj.kind = rt.kind;
    obj.metadata = obj.metadata ?? {};
    const meta = obj.metadata;
    if (!rt.namespaced) delete meta.namespace;
    else if (!meta.namespace) meta.namespace = 'default';
    if (!meta.name && meta.generateName) {
      // The API server keeps generated names within 63 characters.
      do meta.name = meta.generateName.slice(0, 58) + randomSuffix();
      while (this.get(rt, meta.namespace, meta.name));
    }
    validate(rt, obj);
    meta.uid = randomUUID();
    applyDefaults(rt, obj, true);
    if (rt.namespaced && rt.key !== RT.namespaces.key && !this.get(RT.namespaces, undefined, meta.namespace!)) {
      throw errors.notFound('', 'namespaces', meta.namespace!);
    }
    if (rt.namespaced) {
      const ns = this.get(RT.namespaces, undefined, meta.namespace!);
      if (ns?.metadata.deletionTimestamp) {
        throw new ApiError(
          403,
          'Forbidden',
          `${rt.resource} "${meta.name}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`,
        );
      }
    }
    if (this.get(rt, meta.namespace, meta.name!)) throw errors.alreadyExists(rt.group, rt.resource, meta.name!);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    meta.creationTimestamp = timestamp();
    if ('spec' in obj) meta.generation = 1;
    if (opts.dryRun) {
      meta.resourceVersion = '';
      return obj;
    }
    meta.resourceVersion = String(this.nextRV());
    this.table(rt).set(keyOf(meta.namespace, meta.name!), obj);
    this.index(obj, true, rt);
    this.commit({ type: 'ADDED', rt, object: obj, rv: this.rv });
    return obj;
  }

  /**
   * Replaces an object (or its status). 404 when missing; 409 Conflict when the
   * input carries a stale resourceVersion. A write that changes nothing emits
   * nothing and returns the stored object.
   */
  update(rt: ResourceType, input: KObject, opts: UpdateOptions = {}): KObject {
    const ns = rt.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    const name = input.metadata.name ?? '';
    const existing = this.mustGet(rt, ns, name);
    const wantRV = input.metadata.resourceVersion;
    if (wantRV && wantRV !== existing.metadata.resourceVersion) {
      throw errors.conflict(rt.group, rt.resource, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    let next: KObject;
    if (opts.subresource === 'status') {
      next = clone(existing);
      if (input.status === undefined) delete next.status;
      else next.status = clone(input.status);
    } else {
      next = clone(input);
      next.apiVersion = apiVersionOf(rt);
      next.kind = rt.kind;
      const m = next.metadata;
      const em = existing.metadata;
      m.namespace = em.namespace;
      if (!rt.namespaced) delete m.namespace;
      m.uid = em.uid;
      m.creationTimestamp = em.creationTimestamp;
      if (em.deletionTimestamp) {
        m.deletionTimestamp = em.deletionTimestamp;
        m.deletionGracePeriodSeconds = em.deletionGracePeriodSeconds;
      } else {
        delete m.deletionTimestamp;
        delete m.deletionGracePeriodSeconds;
      }
      if (rt.hasStatus) {
        if (existing.status === undefined) delete next.status;
        else next.status = clone(existing.status);
      }
      applyDefaults(rt, next, false);
      // A binding sets spec.nodeName without being a change of the desired state.
      if (opts.subresource === 'binding') {
        if (em.generation === undefined) delete m.generation;
        else m.generation = em.generation;
      } else if ('spec' in next || em.generation !== undefined) {
        m.generation = (em.generation ?? 1) + (deepEqual(specPart(existing), specPart(next)) ? 0 : 1);
      }
      validate(rt, next);
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (deepEqual(next, existing)) return existing;
    if (opts.dryRun) return next;
    next.metadata.resourceVersion = String(this.nextRV());
    const k = keyOf(existing.metadata.namespace, name);
    this.index(existing, false, rt);
    this.table(rt).set(k, next);
    this.index(next, true, rt);
    this.commit({ type: 'MODIFIED', rt, object: next, old: existing, rv: this.rv });
    // An object being deleted whose last finalizer was just removed goes now.
    // Pods still shutting down are removed by the kubelet, not here.
    const podStillTerminating = rt.key === RT.pods.key && (next.metadata.deletionGracePeriodSeconds ?? 0) > 0;
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length && !podStillTerminating) {
      this.remove(rt, ns, name);
    }
    return next;
  }

  /**
   * Deletes an object as the API server does: pods on a node and objects with
   * finalizers are marked (deletionTimestamp) and go later; others go now and
   * their dependents are garbage-collected per the propagation policy.
   */
  delete(rt: ResourceType, ns: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    const existing = this.mustGet(rt, ns, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== existing.metadata.uid) {
      throw errors.conflict(rt.group, rt.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw errors.conflict(rt.group, rt.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`);
    }
    if (opts.dryRun) return existing;
    const policy = opts.propagationPolicy ?? (rt.kind === 'Job' ? 'Orphan' : 'Background');
    const graceful =
      (rt.key === RT.pods.key && existing.spec?.nodeName && opts.gracePeriodSeconds !== 0 && existing.status?.phase !== 'Succeeded' && existing.status?.phase !== 'Failed') ||
      (existing.metadata.finalizers ?? []).length > 0 ||
      rt.key === RT.namespaces.key ||
      policy === 'Foreground';
    if (policy === 'Orphan') this.orphanDependents(existing);
    if (graceful) {
      if (existing.metadata.deletionTimestamp) return existing;
      const marked = clone(existing);
      marked.metadata.deletionTimestamp = timestamp();
      if (rt.key === RT.pods.key) {
        marked.metadata.deletionGracePeriodSeconds = opts.gracePeriodSeconds ?? existing.spec?.terminationGracePeriodSeconds ?? 30;
      }
      if (rt.key === RT.namespaces.key) marked.status = { ...(marked.status ?? {}), phase: 'Terminating' };
      if (policy === 'Foreground') {
        marked.metadata.finalizers = [...(marked.metadata.finalizers ?? []), 'foregroundDeletion'];
      }
      marked.metadata.resourceVersion = String(this.nextRV());
      this.table(rt).set(keyOf(existing.metadata.namespace, name), marked);
      this.commit({ type: 'MODIFIED', rt, object: marked, old: existing, rv: this.rv });
      if (rt.key === RT.namespaces.key) setImmediate(() => this.drainNamespace(name));
      if (policy === 'Foreground') setImmediate(() => this.foregroundStep(rt, marked));
      return marked;
    }
    return this.remove(rt, ns, name, policy)!;
  }

  /** Removes an object for good (the end of a graceful deletion) and collects its dependents. */
  remove(rt: ResourceType, ns: string | undefined, name: string, policy: 'Background' | 'Foreground' | 'Orphan' = 'Background'): KObject | undefined {
    const k = keyOf(rt.namespaced ? ns : undefined, name);
    const existing = this.table(rt).get(k);
    if (!existing) return undefined;
    this.table(rt).delete(k);
    this.index(existing, false, rt);
    const gone = clone(existing);
    gone.metadata.resourceVersion = String(this.nextRV());
    this.commit({ type: 'DELETED', rt, object: gone, old: existing, rv: this.rv });
    if (policy !== 'Orphan') this.collectDependents(existing.metadata.uid!);
    return gone;
  }

  private dependentRefs(uid: string): { rt: ResourceType; ns: string | undefined; name: string }[] {
    const out: { rt: ResourceType; ns: string | undefined; name: string }[] = [];
    for (const ref of this.dependents.get(uid) ?? []) {
      const [rtKey, objKey] = ref.split('|') as [string, string];
      const [ns, name] = objKey.split('/') as [string, string];
      const rtFound = this.rtByKey(rtKey);
      if (rtFound) out.push({ rt: rtFound, ns: ns || undefined, name });
    }
    return out;
  }

  private readonly rtCache = new Map<string, ResourceType>();
  private rtByKey(key: string): ResourceType | undefined {
    return this.rtCache.get(key);
  }

  /** Remembers resource types as they are written, so dependents can be resolved by key. */
  private rememberType(rt: ResourceType): void {
    if (!this.rtCache.has(rt.key)) this.rtCache.set(rt.key, rt);
  }

  private collectDependents(uid: string): void {
    const refs = this.dependentRefs(uid);
    if (!refs.length) return;
    // Asynchronous like the real garbage collector, so owners vanish first.
    setImmediate(() => {
      for (const d of refs) {
        const obj = this.get(d.rt, d.ns, d.name);
        if (!obj) continue;
        const stillOwned = (obj.metadata.ownerReferences ?? []).some((o) => o.uid !== uid && this.ownerExists(o.uid));
        if (stillOwned) continue;
        try {
          this.delete(d.rt, d.ns, d.name, { propagationPolicy: 'Background' });
        } catch {
          // Already gone: nothing to collect.
        }
      }
    });
  }

  private ownerExists(uid: string): boolean {
    return this.uids.has(uid);
  }

  private orphanDependents(owner: KObject): void {
    for (const d of this.dependentRefs(owner.metadata.uid!)) {
      const obj = this.get(d.rt, d.ns, d.name);
      if (!obj) continue;
      const next = clone(obj);
      next.metadata.ownerReferences = (obj.metadata.ownerReferences ?? []).filter((o) => o.uid !== owner.metadata.uid);
      if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
      this.update(d.rt, next);
    }
  }

  private foregroundStep(rt: ResourceType, owner: KObject): void {
    const refs = this.dependentRefs(owner.metadata.uid!).filter((d) => this.get(d.rt, d.ns, d.name));
    if (refs.length === 0) {
      const cur = this.get(rt, owner.metadata.namespace, owner.metadata.name!);
      if (!cur) return;
      const next = clone(cur);
      next.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== 'foregroundDeletion');
      this.update(rt, next);
      return;
    }
    for (const d of refs) {
      try {
        this.delete(d.rt, d.ns, d.name, { propagationPolicy: 'Foreground' });
      } catch {
        // Gone meanwhile.
      }
    }
    setTimeout(() => this.foregroundStep(rt, owner), 20).unref();
  }

  private drainNamespace(ns: string): void {
    let left = 0;
    for (const key of this.objects.keys()) {
      const type = this.rtByKey(key);
      if (!type || !type.namespaced) continue;
      for (const obj of this.list(type, ns)) {
        left++;
        if (obj.metadata.deletionTimestamp) continue;
        try {
          this.delete(type, ns, obj.metadata.name!, { gracePeriodSeconds: 0 });
        } catch {
          // Gone meanwhile.
        }
      }
    }
    if (left === 0) this.remove(RT.namespaces, undefined, ns);
    else setTimeout(() => this.drainNamespace(ns), 20).unref();
  }

  /** Compacts watch history up to now: resuming from any older resourceVersion gets 410 Gone. */
  compactHistory(): void {
    this.history.compact(this.rv);
  }

  /** Registers every kind up front so garbage collection can resolve them. */
  registerTypes(types: readonly ResourceType[]): void {
    for (const t of types) {
      this.rememberType(t);
      this.table(t);
    }
  }
}
