// Writes a window into its release's namespace as it happens: the journal's
// lines (already scrubbed by the journal) in ConfigMap parts, and on the
// first part a live snapshot of what the checklist shows, for `follow`.
// Writes are coalesced (a few per second at most) and each part is written
// only when its content changed. Older windows of the release beyond the
// retention are deleted when a new one starts.
import { KubeError } from '../kube/kube-error.js';
import { listAll, sendJson } from '../kube/request.js';
import type { Connection, KubeObject } from '../kube/types.js';
import { ANNOTATION, MANAGED_BY, PART_LABEL, partName, RELEASE_LABEL, releaseSelector, splitParts, WINDOW_LABEL, type LiveSnapshot } from './mirror-format.js';

/** What startMirror needs. */
export interface MirrorOptions {
  conn: Connection;
  namespace: string;
  /** The release the window is filed under (a runbook's first). */
  release: string;
  /** Every release of the window. */
  releases: readonly string[];
  windowId: string;
  /** Windows of the release kept, this one included. */
  keep: number;
  /** Least time between two writes of the mirror. */
  flushMs?: number;
  /** A write failed (once per distinct message). */
  onError?: (message: string) => void;
}

/** A running mirror. */
export interface WindowMirror {
  /** namespace/first part's name: what the Lease points followers to. */
  readonly ref: string;
  addLine(line: string): void;
  /** The live snapshot changed: `make` builds it when the next write goes out. */
  setLive(make: () => LiveSnapshot): void;
  /** Writes what is pending and stops. */
  close(): Promise<void>;
}

const cmPath = (ns: string, name?: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps${name ? `/${encodeURIComponent(name)}` : ''}`;

/** Starts mirroring (after dropping the release's windows beyond the retention). */
export async function startMirror(o: MirrorOptions): Promise<WindowMirror> {
  await prune(o);
  const lines: string[] = [];
  const written = new Map<number, string>();
  let live: (() => LiveSnapshot) | undefined;
  let liveWritten = '';
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;
  let forbidden = false;
  const said = new Set<string>();

  const object = (n: number, journal: string, liveText: string, parts: number): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: partName(o.windowId, n),
      namespace: o.namespace,
      labels: { ...MANAGED_BY, [RELEASE_LABEL]: o.release, [WINDOW_LABEL]: o.windowId, [PART_LABEL]: String(n) },
      ...(n === 0 ? { annotations: { [ANNOTATION.releases]: o.releases.join(','), [ANNOTATION.parts]: String(parts) } } : {}),
    },
    data: { 'journal.jsonl': journal, ...(n === 0 && liveText ? { 'live.json': liveText } : {}) },
  });

  const put = async (obj: KubeObject, created: boolean): Promise<void> => {
    if (created) {
      await sendJson(o.conn, 'PUT', cmPath(o.namespace, obj.metadata.name), obj);
      return;
    }
    await sendJson(o.conn, 'POST', cmPath(o.namespace), obj).catch(async (e: unknown) => {
      // Already there (a retry after a lost answer): replace it.
      if (e instanceof KubeError && e.statusCode === 409) await sendJson(o.conn, 'PUT', cmPath(o.namespace, obj.metadata.name), obj);
      else throw e;
    });
  };

  const flush = (): Promise<void> => {
    timer = undefined;
    writing = writing.then(async () => {
      if (forbidden) return;
      const parts = splitParts(lines).map((p) => p.map((l) => l + '\n').join(''));
      const liveText = live ? JSON.stringify(live()) : '';
      try {
        for (let n = 0; n < parts.length; n++) {
          const journal = parts[n]!;
          const changed = written.get(n) !== journal || (n === 0 && (liveText !== liveWritten || written.size !== parts.length));
          if (!changed) continue;
          await put(object(n, journal, liveText, parts.length), written.has(n));
          written.set(n, journal);
          if (n === 0) liveWritten = liveText;
        }
      } catch (e) {
        const message = `the window could not be mirrored to ${o.namespace}: ${(e as Error).message}`;
        if (e instanceof KubeError && e.kind === 'forbidden') forbidden = true;
        if (!said.has(message)) {
          said.add(message);
          o.onError?.(forbidden ? `${message} — it is no longer mirrored (--no-share turns sharing off)` : message);
        }
        if (!forbidden && !stopped) schedule(1000);
      }
    });
    return writing;
  };
  const schedule = (ms = o.flushMs ?? 200): void => {
    if (timer || stopped) return;
    timer = setTimeout(() => void flush(), ms);
    timer.unref();
  };

  return {
    ref: `${o.namespace}/${partName(o.windowId, 0)}`,
    addLine(line) {
      lines.push(line);
      schedule();
    },
    setLive(make) {
      live = make;
      schedule();
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
      stopped = true;
    },
  };
}

// Keeps the newest keep-1 windows of the release, so with this one there are `keep`.
async function prune(o: MirrorOptions): Promise<void> {
  let items: KubeObject[];
  try {
    items = (await listAll<KubeObject>(o.conn, cmPath(o.namespace), { query: { labelSelector: releaseSelector(o.release) } })).items;
  } catch (e) {
    o.onError?.(`older windows of ${o.release} could not be listed for retention: ${(e as Error).message}`);
    return;
  }
  for (const w of byWindow(items).filter((w) => w.id !== o.windowId).slice(Math.max(0, o.keep - 1))) {
    for (const cm of w.parts) {
      await sendJson(o.conn, 'DELETE', cmPath(o.namespace, cm.metadata.name), undefined).catch(() => undefined);
    }
  }
}

// The ConfigMaps grouped by window, newest first (creation time, then the id's own time stamp).
function byWindow(items: readonly KubeObject[]): { id: string; parts: KubeObject[]; startedAt: number }[] {
  const windows = new Map<string, KubeObject[]>();
  for (const cm of items) {
    const id = cm.metadata.labels?.[WINDOW_LABEL];
    if (id) windows.set(id, [...(windows.get(id) ?? []), cm]);
  }
  return [...windows].map(([id, parts]) => ({ id, parts, startedAt: created(parts) })).sort((a, b) => b.startedAt - a.startedAt || b.id.localeCompare(a.id));
}

function created(parts: KubeObject[]): number {
  return Math.min(...parts.map((p) => Date.parse(p.metadata.creationTimestamp ?? '') || 0));
}

/** The windows of a release kept in the cluster, newest first: id, parts, and the journal text. */
export async function readMirroredWindows(conn: Connection, namespace: string, release: string): Promise<{ id: string; parts: KubeObject[]; startedAt: number }[]> {
  return byWindow((await listAll<KubeObject>(conn, cmPath(namespace), { query: { labelSelector: releaseSelector(release) } })).items);
}
