// Container logs as the kubelet keeps them: per pod uid and container, one
// bounded buffer per container instance (the current run and the one before,
// which is what `kubectl logs --previous` reads), plus live listeners for
// `--follow`.
import { performance } from 'node:perf_hooks';

/** One log line; `time` is epoch milliseconds with sub-millisecond fraction. */
export interface LogLine {
  time: number;
  line: string;
}

/** Why a follower is told something: a new line, or a new container instance began. */
export type LogListener = (event: { type: 'line'; line: LogLine } | { type: 'rotate' }) => void;

interface Instance {
  lines: LogLine[];
}

interface ContainerLogs {
  /** Oldest first; at most two are kept (previous and current). */
  instances: Instance[];
  listeners: Set<LogListener>;
}

// Wall-clock time with microsecond resolution, so timestamps=true lines are
// distinct and ordered even when written in the same millisecond.
function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Per-container log buffers for every pod the simulated kubelets run. */
export class LogStore {
  private readonly maxLines: number;
  private readonly pods = new Map<string, Map<string, ContainerLogs>>();

  constructor(opts: { maxLinesPerContainer?: number } = {}) {
    this.maxLines = Math.max(1, opts.maxLinesPerContainer ?? 10_000);
  }

  private entry(podUid: string, container: string, create: boolean): ContainerLogs | undefined {
    let byContainer = this.pods.get(podUid);
    if (!byContainer) {
      if (!create) return undefined;
      this.pods.set(podUid, (byContainer = new Map()));
    }
    let logs = byContainer.get(container);
    if (!logs && create) byContainer.set(container, (logs = { instances: [], listeners: new Set() }));
    return logs;
  }

  /** Appends a line to the container's current instance (creating it when the container never logged). */
  append(podUid: string, container: string, line: string, time: number = preciseNow()): void {
    const logs = this.entry(podUid, container, true)!;
    if (logs.instances.length === 0) logs.instances.push({ lines: [] });
    const current = logs.instances[logs.instances.length - 1]!;
    const entry = { time, line };
    current.lines.push(entry);
    // Drop the oldest lines in chunks: the kubelet rotates files, not lines.
    if (current.lines.length > this.maxLines) current.lines.splice(0, current.lines.length - this.maxLines);
    for (const l of [...logs.listeners]) l({ type: 'line', line: entry });
  }

  /** Starts a new container instance (the container (re)started); the old one becomes `previous`. */
  rotate(podUid: string, container: string): void {
    const logs = this.entry(podUid, container, true)!;
    logs.instances.push({ lines: [] });
    if (logs.instances.length > 2) logs.instances.splice(0, logs.instances.length - 2);
    for (const l of [...logs.listeners]) l({ type: 'rotate' });
  }

  /** Lines of the latest instance (`current`) or the one before it (`previous`); [] when none. */
  lines(podUid: string, container: string, which: 'current' | 'previous' = 'current'): readonly LogLine[] {
    const instances = this.entry(podUid, container, false)?.instances ?? [];
    const idx = which === 'current' ? instances.length - 1 : instances.length - 2;
    return instances[idx]?.lines ?? [];
  }

  /** Number of instances held for the container (0, 1 or 2). */
  instanceCount(podUid: string, container: string): number {
    return this.entry(podUid, container, false)?.instances.length ?? 0;
  }

  /** Listens to new lines and rotations of one container; returns the unsubscribe function. */
  subscribe(podUid: string, container: string, listener: LogListener): () => void {
    const logs = this.entry(podUid, container, true)!;
    logs.listeners.add(listener);
    return () => logs.listeners.delete(listener);
  }

  /** Drops everything about a pod (it was removed from the API). */
  forget(podUid: string): void {
    this.pods.delete(podUid);
  }
}
