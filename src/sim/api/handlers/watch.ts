// Watch streams as the API server's watch cache serves them: resume from a
// resourceVersion (410 Expired as an ERROR event when too old), the
// WatchList protocol (sendInitialEvents + the initial-events-end bookmark),
// periodic bookmarks, selectors that turn moves in and out into ADDED and
// DELETED, and headers flushed at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors.js';
import type { Faults } from '../../faults.js';
import type { ObjectStore } from '../../store/object-store.js';
import type { KObject, StoreEvent } from '../../store/types.js';
import { apiVersionOf } from '../../store/types.js';
import { partialMetadata, type ResponseShape } from '../codec.js';
import type { ResourceRequest } from '../request-info.js';
import { toTable } from '../table/index.js';
import { objectFilter } from './filter.js';

export interface WatchHub {
  store: ObjectStore;
  faults: Faults;
  /** Open watches, so faults can close them. */
  open: Set<() => void>;
  bookmarkIntervalMs: number;
}

type WireType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** Serves one watch request until the client leaves, the timeout passes or a fault closes it. */
export function serveWatch(hub: WatchHub, r: ResourceRequest, req: IncomingMessage, res: ServerResponse, shape: ResponseShape): void {
  const { store, faults } = hub;
  const q = r.query;
  const matches = objectFilter(r); // throws 400 before any header is written
  const rvParam = q.get('resourceVersion') ?? '';
  const initialEvents = q.get('sendInitialEvents') === 'true';
  const bookmarks = q.get('allowWatchBookmarks') === 'true';
  const timeoutSeconds = Number(q.get('timeoutSeconds') ?? '') || 1800 + Math.floor(Math.random() * 1800);
  if (initialEvents && q.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw new ApiError(422, 'Invalid', 'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  }

  if (rvParam !== '' && !/^\d+$/.test(rvParam)) throw new ApiError(400, 'BadRequest', `invalid resource version "${rvParam}"`);
  if (faults.goneAsStatus && rvParam !== '' && rvParam !== '0' && !initialEvents) {
    // A trial subscription says whether the history still holds this version;
    // thrown here, before any header, the 410 becomes the HTTP status.
    store.watch(r.rt, { ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), fromRV: Number(rvParam) }, () => {})();
  }

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  req.socket.setNoDelay(true);

  let tableHeaderSent = false;
  const held: string[] = [];
  const send = (line: string): void => {
    if (faults.paused) held.push(line);
    else res.write(line);
  };
  // The replay-events fault: each change is sent twice, then the object's
  // previous version — what a misbehaving proxy or a buggy server might do.
  const previous = new Map<string, string>();
  const wire = (type: WireType, obj: unknown): void => {
    const line = JSON.stringify({ type, object: obj }) + '\n';
    send(line);
    if (!faults.replayEvents || type === 'BOOKMARK' || type === 'ERROR') return;
    const meta = (obj as { metadata?: { namespace?: string; name?: string } }).metadata;
    const key = `${meta?.namespace ?? ''}/${meta?.name ?? ''}`;
    send(line);
    const before = previous.get(key);
    if (before) send(before);
    previous.set(key, line);
  };
  const render = (obj: KObject): unknown => {
    if (shape === 'partial') return partialMetadata(obj);
    if (shape === 'table') {
      const withHeader = !tableHeaderSent;
      tableHeaderSent = true;
      return toTable(r.rt, [obj], {
        includeObject: (r.query.get('includeObject') as 'None' | 'Metadata' | 'Object') ?? 'Metadata',
        resourceVersion: obj.metadata.resourceVersion ?? '',
        now: Date.now(),
        columns: withHeader,
      });
    }
    return obj;
  };
  const bookmark = (rv: number, initialEnd = false) =>
    wire('BOOKMARK', {
      kind: r.rt.kind,
      apiVersion: apiVersionOf(r.rt),
      metadata: { resourceVersion: String(rv), ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) },
    });

  let unsubscribe: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    for (const t of timers) clearTimeout(t);
    hub.open.delete(close);
    faults.off('resume', flushHeld);
    res.end();
  };
  const flushHeld = () => {
    for (const line of held.splice(0)) res.write(line);
  };
  hub.open.add(close);
  faults.on('resume', flushHeld);
  req.on('close', close);
  res.on('error', close);

  const onEvent = (e: StoreEvent) => {
    const now = matches(e.object);
    const before = e.old ? matches(e.old) : false;
    if (e.type === 'ADDED') {
      if (now) wire('ADDED', render(e.object));
    } else if (e.type === 'MODIFIED') {
      if (now && before) wire('MODIFIED', render(e.object));
      else if (now) wire('ADDED', render(e.object));
      else if (before) wire('DELETED', render(e.object));
    } else if (before || now) {
      wire('DELETED', render(e.object));
    }
  };

  const fromZero = rvParam === '' || rvParam === '0';
  try {
    if (initialEvents || fromZero) {
      const current = store.resourceVersion;
      for (const obj of store.listSorted(r.rt, r.namespace)) if (matches(obj)) wire('ADDED', render(obj));
      if (initialEvents) bookmark(current, true);
      unsubscribe = store.watch(r.rt, { namespace: r.namespace }, onEvent);
    } else {
      const fromRV = Number(rvParam);
      if (!Number.isInteger(fromRV) || fromRV < 0) throw new ApiError(400, 'BadRequest', `invalid resource version "${rvParam}"`);
      unsubscribe = store.watch(r.rt, { namespace: r.namespace, fromRV }, onEvent);
    }
  } catch (err) {
    if (err instanceof ApiError) {
      // Headers are sent: the watch cache reports this as an ERROR event.
      wire('ERROR', err.toStatus());
      close();
      return;
    }
    throw err;
  }

  if (bookmarks) {
    const tick = () => {
      if (closed) return;
      bookmark(store.resourceVersion);
      timers.push(setTimeout(tick, hub.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(tick, hub.bookmarkIntervalMs).unref());
  }
  timers.push(setTimeout(close, timeoutSeconds * 1000).unref());
}
