// stern for the Logs pane: follows every container (init containers too) of
// every pod matching a selector, picks up pods as they appear, tags each
// line with its pod and container, and keeps a bounded buffer.
import { ContainerFollower } from './container-follower.js';
import { SupervisedInformer } from './informer.js';
import { labelMatcher } from './label-selector.js';
import { LineBuffer } from './line-buffer.js';
import type { LogLine } from './logs.js';
import type { Connection, KubeObject, WatchState } from './types.js';

/** A log line with where it came from. */
export interface TaggedLine extends LogLine {
  pod: string;
  container: string;
}

/** Which pods to follow and how much to keep. */
export interface LogTailOptions {
  namespace: string;
  /** Label selector of the pods (e.g. app.kubernetes.io/name=web); empty = every pod. */
  selector?: string;
  /** Buffer capacity (default 5,000 lines). */
  maxLines?: number;
  /** Watch pods itself (default); false when the owner feeds them through setPods(). */
  informer?: boolean;
  /** How far back to start each container's first stream. */
  sinceSeconds?: number;
  tailLines?: number;
  reconnectDelayMs?: number;
  /** Called for each line, after it is buffered. */
  onLine?: (line: TaggedLine) => void;
}

type ContainerStatus = { name: string; containerID?: string; state?: { running?: unknown; terminated?: unknown } };

function statusOf(pod: KubeObject, container: string): ContainerStatus | undefined {
  const all: ContainerStatus[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return all.find((s) => s.name === container);
}

/** Follows the logs of a changing set of pods into one bounded, tagged buffer. */
export class LogTail {
  readonly buffer: LineBuffer<TaggedLine>;
  private readonly pods = new Map<string, KubeObject>();
  private readonly followers = new Map<string, ContainerFollower>();
  /** uid/container/ of every container followed so far: only a first instance honours sinceSeconds/tailLines. */
  private readonly seen = new Set<string>();
  private readonly matches: (labels: Record<string, string> | undefined) => boolean;
  private informer: SupervisedInformer | undefined;
  private stopped = false;

  constructor(
    private readonly conn: Connection,
    private readonly o: LogTailOptions,
  ) {
    this.buffer = new LineBuffer(o.maxLines ?? 5000);
    this.matches = labelMatcher(o.selector);
  }

  /** The pod watch's health when LogTail watches pods itself. */
  get podsState(): WatchState | undefined {
    return this.informer?.state;
  }

  /** Container instances being followed (not yet read to their end), and how many have a log request open now. */
  get counts(): { following: number; streaming: number } {
    let following = 0;
    let streaming = 0;
    for (const f of this.followers.values()) {
      if (!f.finished) following++;
      if (f.streaming) streaming++;
    }
    return { following, streaming };
  }

  /** Starts following (and watching pods unless `informer: false`). */
  start(): void {
    if (this.informer || this.stopped || this.o.informer === false) return;
    const path = `/api/v1/namespaces/${encodeURIComponent(this.o.namespace)}/pods`;
    this.informer = new SupervisedInformer(this.conn, { name: 'pods (logs)', path, ...(this.o.selector ? { labelSelector: this.o.selector } : {}) }, {
      upsert: (pod) => this.upsertPod(pod),
      remove: (pod) => this.removePod(pod.metadata.uid ?? pod.metadata.name),
      synced: () => {},
      state: () => {},
    });
    this.informer.start();
  }

  /** Replaces the followed pods with these (those outside the namespace or selector are ignored). */
  setPods(pods: KubeObject[]): void {
    const keep = new Set<string>();
    for (const pod of pods) {
      if (!this.wanted(pod)) continue;
      keep.add(pod.metadata.uid ?? pod.metadata.name);
      this.upsertPod(pod);
    }
    for (const uid of [...this.pods.keys()]) if (!keep.has(uid)) this.removePod(uid);
  }

  /** Stops every stream and the pod watch; idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const f of this.followers.values()) f.stop();
    this.followers.clear();
    this.pods.clear();
    await this.informer?.stop();
  }

  private wanted(pod: KubeObject): boolean {
    return pod.metadata.namespace === this.o.namespace && this.matches(pod.metadata.labels);
  }

  private upsertPod(pod: KubeObject): void {
    if (this.stopped) return;
    const uid = pod.metadata.uid ?? pod.metadata.name;
    this.pods.set(uid, pod);
    const containers: { name: string }[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    for (const { name } of containers) {
      const st = statusOf(pod, name);
      // Nothing to read before the first instance starts (the API answers "waiting to start").
      if (!st?.containerID || !(st.state?.running || st.state?.terminated)) continue;
      // One follower per instance: a restarted container gets a new one while the old reads its last lines.
      const base = `${uid}/${name}/`;
      const existing = this.followers.get(base + st.containerID);
      if (existing) {
        existing.poke();
        continue;
      }
      for (const [key, f] of this.followers) if (key.startsWith(base) && f.finished) this.followers.delete(key);
      const first = !this.seen.has(base);
      this.seen.add(base);
      const follower = new ContainerFollower(
        this.conn,
        {
          namespace: pod.metadata.namespace ?? this.o.namespace,
          pod: pod.metadata.name,
          container: name,
          containerID: st.containerID,
          // A restarted container's new instance is read from its beginning.
          ...(first && this.o.sinceSeconds ? { sinceSeconds: this.o.sinceSeconds } : {}),
          ...(first && this.o.tailLines !== undefined ? { tailLines: this.o.tailLines } : {}),
        },
        (line) => this.push({ ...line, pod: pod.metadata.name, container: name }),
        () => this.isRunning(uid, name, st.containerID!),
        this.o.reconnectDelayMs,
      );
      this.followers.set(base + st.containerID, follower);
      follower.start();
    }
  }

  private removePod(uid: string): void {
    this.pods.delete(uid);
    for (const key of this.seen) if (key.startsWith(`${uid}/`)) this.seen.delete(key);
    for (const [key, f] of this.followers) {
      if (!key.startsWith(`${uid}/`)) continue;
      f.stop();
      this.followers.delete(key);
    }
  }

  private isRunning(uid: string, container: string, containerID: string): boolean {
    const pod = this.pods.get(uid);
    const st = pod && statusOf(pod, container);
    return !!st?.state?.running && st.containerID === containerID;
  }

  private push(line: TaggedLine): void {
    this.buffer.push(line);
    this.o.onLine?.(line);
  }
}
