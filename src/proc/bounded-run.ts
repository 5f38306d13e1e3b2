// A child process bounded by a timeout and an abort signal, stopped the
// same way each time: SIGTERM to its whole group, SIGKILL after a grace
// period if it ignores that, and killed with helmdeck. The result says what
// was done and when, so a message never claims a stop that did not happen.
import type { ResultPromise } from 'execa';
import { killOnExit, stopGroup } from './process-group.js';

/** Seconds a stopped command has between SIGTERM and SIGKILL. */
export const DEFAULT_GRACE_MS = 5_000;

/** Why and how a bounded child was stopped (undefined fields: it was not). */
export interface BoundedStop {
  reason?: 'timeout' | 'cancelled';
  /** ms after start when SIGTERM was sent. */
  stoppedAfterMs?: number;
  escalated?: boolean;
}

/**
 * Watches a child started with `detached: true` (its own group): on timeout
 * or abort, stops the group. Resolves with how it was stopped once the child
 * has exited.
 */
export async function boundChild(child: ResultPromise, opts: { timeoutMs: number; graceMs?: number; signal?: AbortSignal }): Promise<BoundedStop> {
  const started = Date.now();
  const pid = child.pid;
  const exited = child.then(() => undefined, () => undefined);
  if (pid === undefined) return exited.then(() => ({}));
  const undo = killOnExit(pid);
  const stop: BoundedStop = {};
  let stopping: Promise<void> | undefined;
  const stopNow = (reason: 'timeout' | 'cancelled'): void => {
    if (stopping) return;
    stop.reason = reason;
    stop.stoppedAfterMs = Date.now() - started;
    stopping = stopGroup(pid, exited, opts.graceMs ?? DEFAULT_GRACE_MS).then((r) => void (stop.escalated = r.escalated));
  };
  const timer = setTimeout(() => stopNow('timeout'), opts.timeoutMs);
  const onAbort = (): void => stopNow('cancelled');
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await exited;
    await stopping;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    undo();
  }
  return stop;
}

/** "timed out after 2 s: stopped with SIGTERM, then SIGKILL 5 s later (it ignored SIGTERM)". */
export function describeStop(what: string, s: BoundedStop, timeoutMs: number, graceMs = DEFAULT_GRACE_MS): string | undefined {
  if (!s.reason) return undefined;
  const head = s.reason === 'timeout' ? `${what} timed out after ${duration(timeoutMs)}` : `${what} was cancelled after ${duration(s.stoppedAfterMs ?? 0)}`;
  return s.escalated ? `${head}: sent SIGTERM, then SIGKILL ${duration(graceMs)} later (it ignored SIGTERM)` : `${head}: stopped with SIGTERM`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 60_000)} min`;
}
