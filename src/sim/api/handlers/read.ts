// GET of one object and of lists, with selectors, pagination (limit and
// continue) and the negotiated shape (object, Table, metadata only).
import { errors } from '../errors.js';
import type { ObjectStore } from '../../store/object-store.js';
import type { KObject } from '../../store/types.js';
import { apiVersionOf } from '../../store/types.js';
import { partialMetadata, type ResponseShape } from '../codec.js';
import type { ResourceRequest } from '../request-info.js';
import { toTable } from '../table/index.js';
import { objectFilter } from './filter.js';

function includeObject(r: ResourceRequest): 'None' | 'Metadata' | 'Object' {
  const v = r.query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** GET one object in the negotiated shape. */
export function getOne(store: ObjectStore, r: ResourceRequest, shape: ResponseShape): unknown {
  const obj = store.mustGet(r.rt, r.namespace, r.name!);
  if (shape === 'partial') return partialMetadata(obj);
  if (shape === 'table') {
    return toTable(r.rt, [obj], { includeObject: includeObject(r), resourceVersion: obj.metadata.resourceVersion ?? '', now: Date.now(), columns: true });
  }
  return obj;
}

interface ContinueToken {
  rv: number;
  after: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.after })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return { rv: t.rv, after: t.start };
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** Lists objects (selectors, limit/continue) in the negotiated shape. */
export function listObjects(store: ObjectStore, r: ResourceRequest, shape: ResponseShape): unknown {
  const matches = objectFilter(r);
  const limit = Number(r.query.get('limit') ?? '0');
  if (!Number.isInteger(limit) || limit < 0) throw errors.badRequest(`invalid limit "${r.query.get('limit')}"`);
  const cont = r.query.get('continue');
  const token = cont ? decodeContinue(cont) : undefined;
  const key = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  let items = store.listSorted(r.rt, r.namespace).filter(matches);
  if (token) items = items.filter((o) => key(o) > token.after);
  const rv = token?.rv ?? store.resourceVersion;
  let next: string | undefined;
  let remaining: number | undefined;
  if (limit > 0 && items.length > limit) {
    remaining = items.length - limit;
    items = items.slice(0, limit);
    next = encodeContinue({ rv, after: key(items[items.length - 1]!) });
  }
  if (shape === 'table') {
    return toTable(r.rt, items, { includeObject: includeObject(r), resourceVersion: String(rv), now: Date.now(), columns: true, ...(next ? { continue: next } : {}) });
  }
  const metadata = { resourceVersion: String(rv), ...(next ? { continue: next, remainingItemCount: remaining } : {}) };
  if (shape === 'partial') {
    return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: items.map(partialMetadata) };
  }
  return { kind: r.rt.listKind, apiVersion: apiVersionOf(r.rt), metadata, items };
}
