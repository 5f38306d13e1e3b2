// Create, replace, patch (JSON, merge, strategic, server-side apply) and
// delete, with dryRun, field managers and the API server's checks on names,
// namespaces and apiVersions in the body.
import { ApiError, errors } from '../errors.js';
import { RT } from '../resources.js';
import { decodeObject, mediaType } from '../codec.js';
import { applyPatch, recordUpdateManager, serverSideApply } from '../patch/index.js';
import { decodeProtobufObject, isProtobuf } from '../protobuf.js';
import { checkApplied } from '../schema/apply-check.js';
import { decodeAs, type FieldValidation } from '../schema/type-check.js';
import { structKey } from '../schema/types.js';
import type { ResourceRequest } from '../request-info.js';
import { timestamp, clone } from '../../store/deep.js';
import type { DeleteOptions, ObjectStore } from '../../store/object-store.js';
import type { KObject, ResourceType } from '../../store/types.js';
import { apiVersionOf } from '../../store/types.js';
import { objectFilter } from './filter.js';

export interface WriteRequest {
  r: ResourceRequest;
  contentType: string | undefined;
  body: Buffer;
  userAgent: string;
  /** Warnings for the response's Warning headers (unknown fields under fieldValidation=Warn). */
  warnings?: string[];
}

function dryRun(r: ResourceRequest): boolean {
  const v = r.query.getAll('dryRun');
  for (const d of v) if (d !== 'All') throw errors.badRequest(`Invalid dry run value: "${d}"; valid values are: All`);
  return v.length > 0;
}

/** The field manager: the query parameter, else the User-Agent's program name as the API server derives it. */
function fieldManager(w: WriteRequest): string {
  const q = w.r.query.get('fieldManager');
  if (q) return q;
  const ua = w.userAgent.split('/')[0]?.trim();
  return ua || 'unknown';
}

/** The body decoded into the kind's Go struct: wrong types are 400, unknown fields dropped (or 400 when Strict). */
function decodeBody(w: WriteRequest): KObject {
  const obj = decodeObject(w.contentType, w.body);
  const key = structKey(apiVersionOf(w.r.rt), w.r.rt.kind);
  if (!key) return obj;
  const mode = w.r.query.get('fieldValidation');
  const validation: FieldValidation = mode === 'Strict' || mode === 'Ignore' ? mode : 'Warn';
  const { object, warnings } = decodeAs(key, { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(w.r.rt) }, validation);
  w.warnings?.push(...warnings);
  if (obj.apiVersion === undefined) delete object.apiVersion;
  const decoded = object as KObject;
  decoded.metadata = decoded.metadata ?? {};
  return decoded;
}

function checkIdentity(rt: ResourceType, r: ResourceRequest, obj: KObject): void {
  const want = apiVersionOf(rt);
  if (obj.apiVersion && obj.apiVersion !== want && !(r.subresource === 'scale')) {
    throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`);
  }
  if (obj.kind && obj.kind !== rt.kind && r.subresource !== 'scale') {
    throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${rt.kind})`);
  }
  if (rt.namespaced) {
    const ns = obj.metadata.namespace;
    if (ns && r.namespace && ns !== r.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = r.namespace ?? ns ?? 'default';
  }
  if (r.name !== undefined && obj.metadata.name !== undefined && obj.metadata.name !== r.name) {
    throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.name})`);
  }
  if (r.name !== undefined) obj.metadata.name = r.name;
}

/** POST a new object. */
export function createObject(store: ObjectStore, w: WriteRequest): KObject {
  const { r } = w;
  if (r.subresource === 'eviction') return evict(store, w);
  if (r.name !== undefined) throw errors.methodNotAllowed('POST');
  const obj = decodeBody(w);
  checkIdentity(r.rt, r, obj);
  delete obj.metadata.managedFields;
  const withManager = recordUpdateManager(undefined, obj, fieldManager(w), timestamp(), apiVersionOf(r.rt));
  return store.create(r.rt, withManager, { dryRun: dryRun(r) });
}

/** PUT a whole object or its status / scale. */
export function replaceObject(store: ObjectStore, w: WriteRequest): KObject {
  const { r } = w;
  if (r.subresource === 'scale') return writeScale(store, r, decodeObject(w.contentType, w.body), dryRun(r));
  const obj = decodeBody(w);
  checkIdentity(r.rt, r, obj);
  const existing = store.mustGet(r.rt, r.namespace, r.name!);
  const merged = r.subresource === 'status' ? { ...clone(existing), status: obj.status, metadata: { ...clone(existing.metadata), resourceVersion: obj.metadata.resourceVersion } } : obj;
  const withManager = recordUpdateManager(existing, merged, fieldManager(w), timestamp(), apiVersionOf(r.rt), r.subresource);
  return store.update(r.rt, withManager, { dryRun: dryRun(r), ...(r.subresource ? { subresource: r.subresource } : {}) });
}

/** PATCH with any of the four patch types; server-side apply creates when missing. */
export function patchObject(store: ObjectStore, w: WriteRequest): KObject {
  const { r } = w;
  const type = mediaType(w.contentType);
  const manager = fieldManager(w);
  const now = timestamp();
  const gv = apiVersionOf(r.rt);
  if (r.subresource === 'scale') {
    const current = scaleOf(store, r);
    const patched = applyPatch(type, current, w.body);
    return writeScale(store, r, patched, dryRun(r));
  }
  const existing = store.get(r.rt, r.namespace, r.name!);
  if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor') {
    if (!w.r.query.get('fieldManager')) {
      throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    }
    const applied = decodeObject('application/yaml', w.body);
    const key = structKey(gv, r.rt.kind);
    if (key) checkApplied(key, applied, { group: r.rt.group, version: r.rt.version, kind: r.rt.kind }, r.namespace, r.name!);
    checkIdentity(r.rt, r, applied);
    const force = r.query.get('force') === 'true';
    const result = serverSideApply(existing, applied, { fieldManager: manager, force, now, apiVersion: gv, ...(r.subresource ? { subresource: r.subresource } : {}) });
    if (!existing) return store.create(r.rt, result, { dryRun: dryRun(r) });
    result.metadata.resourceVersion = applied.metadata.resourceVersion ?? existing.metadata.resourceVersion;
    return store.update(r.rt, result, { dryRun: dryRun(r), ...(r.subresource ? { subresource: r.subresource } : {}) });
  }
  if (!existing) throw errors.notFound(r.rt.group, r.rt.resource, r.name!);
  const patched = applyPatch(type, existing, w.body);
  patched.metadata = patched.metadata ?? {};
  if (patched.metadata.name !== existing.metadata.name) throw errors.badRequest('metadata.name: Invalid value: field is immutable');
  if (r.rt.namespaced && patched.metadata.namespace !== existing.metadata.namespace) {
    throw errors.badRequest('metadata.namespace: Invalid value: field is immutable');
  }
  const withManager = recordUpdateManager(existing, patched, manager, now, gv, r.subresource);
  return store.update(r.rt, withManager, { dryRun: dryRun(r), ...(r.subresource ? { subresource: r.subresource } : {}) });
}

function deleteOptions(w: WriteRequest): DeleteOptions {
  const q = w.r.query;
  let body: Record<string, any> = {};
  if (w.body.length) {
    const type = mediaType(w.contentType);
    if (isProtobuf(type)) body = decodeProtobufObject(w.body) as Record<string, any>;
    else {
      try {
        body = JSON.parse(w.body.toString('utf8'));
      } catch (err) {
        throw errors.badRequest(`error decoding DeleteOptions: ${(err as Error).message}`);
      }
    }
  }
  const policy = q.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents === true ? 'Orphan' : undefined);
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const graceText = q.get('gracePeriodSeconds');
  const grace = graceText !== null ? Number(graceText) : body.gracePeriodSeconds;
  if (grace !== undefined && (!Number.isInteger(Number(grace)) || Number(grace) < 0)) {
    throw errors.badRequest(`invalid gracePeriodSeconds "${grace}"`);
  }
  const dry = q.getAll('dryRun').length > 0 || (Array.isArray(body.dryRun) && body.dryRun.includes('All'));
  return {
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(grace !== undefined ? { gracePeriodSeconds: Number(grace) } : {}),
    ...(body.preconditions ? { preconditions: body.preconditions } : {}),
    dryRun: dry,
  };
}

/** DELETE one object. */
export function deleteObject(store: ObjectStore, w: WriteRequest): KObject {
  return store.delete(w.r.rt, w.r.namespace, w.r.name!, deleteOptions(w));
}

/** DELETE a collection (selectors apply). */
export function deleteCollection(store: ObjectStore, w: WriteRequest): unknown {
  const opts = deleteOptions(w);
  const matches = objectFilter(w.r);
  const deleted: KObject[] = [];
  for (const obj of store.listSorted(w.r.rt, w.r.namespace)) {
    if (!matches(obj)) continue;
    try {
      deleted.push(store.delete(w.r.rt, obj.metadata.namespace, obj.metadata.name!, opts));
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
  return { kind: w.r.rt.listKind, apiVersion: apiVersionOf(w.r.rt), metadata: { resourceVersion: String(store.resourceVersion) }, items: deleted };
}

/** The autoscaling/v1 Scale view of a scalable object. */
export function scaleOf(store: ObjectStore, r: ResourceRequest): KObject {
  const obj = store.mustGet(r.rt, r.namespace, r.name!);
  const sel = obj.spec?.selector?.matchLabels ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(','),
    },
  };
}

function writeScale(store: ObjectStore, r: ResourceRequest, scale: KObject, dry: boolean): KObject {
  const replicas = scale.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('Scale', r.name!, [{ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }]);
  }
  const obj = clone(store.mustGet(r.rt, r.namespace, r.name!));
  if (scale.metadata?.resourceVersion && scale.metadata.resourceVersion !== obj.metadata.resourceVersion) {
    throw errors.conflict(r.rt.group, r.rt.resource, r.name!, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  obj.spec = { ...obj.spec, replicas };
  store.update(r.rt, obj, { dryRun: dry });
  return scaleOf(store, r);
}

/** POST pods/NAME/eviction: deletes the pod unless a PodDisruptionBudget forbids it (429). */
function evict(store: ObjectStore, w: WriteRequest): KObject {
  const { r } = w;
  const pod = store.mustGet(r.rt, r.namespace, r.name!);
  const labels = pod.metadata.labels ?? {};
  for (const pdb of store.list(RT.pdbs, r.namespace)) {
    const want = pdb.spec?.selector?.matchLabels ?? {};
    const covers = Object.entries(want).every(([k, v]) => labels[k] === v);
    if (covers && (pdb.status?.disruptionsAllowed ?? 0) < 1) {
      throw new ApiError(429, 'TooManyRequests', `Cannot evict pod as it would violate the pod's disruption budget.`, {
        causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently` }],
      });
    }
  }
  store.delete(r.rt, r.namespace, r.name!, {});
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as KObject;
}
