// Tuning of a SupervisedInformer: what to watch and how patiently.
import type { BackoffOptions } from './backoff.js';
import type { KubeObject } from './types.js';

/** What to watch and how patiently. */
export interface InformerOptions {
  /** For messages and the pane ("pods"). */
  name: string;
  /** Collection path, e.g. /api/v1/namespaces/NS/pods. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Shrinks each object before it is cached and reported (may mutate it). */
  trim?: (obj: KubeObject) => KubeObject;
  /**
   * What the informer's cache keeps of each (trimmed) object, to diff
   * relists and report removals: the object itself by default. A sink that
   * keeps its own copy can make it identityOf and save holding every object twice.
   */
  remember?: (obj: KubeObject) => KubeObject;
  backoff?: Partial<BackoffOptions>;
  /** Least time between two watch (and two list) requests. */
  minWatchIntervalMs?: number;
  /** Retry period while the API answers 403. */
  forbiddenRetryMs?: number;
  /** Server-side watch timeout; default random 300–600 s, like client-go. */
  watchTimeoutSeconds?: number;
  /** A watch that sent nothing for this long is suspect (after bookmarks were seen: an error). */
  idleTimeoutMs?: number;
  /** Per list page, and until a watch's headers arrive. */
  requestTimeoutMs?: number;
  pageSize?: number;
  /** Called at each list/watch request (metrics, tests). */
  onRequest?: (kind: 'list' | 'watch') => void;
}
