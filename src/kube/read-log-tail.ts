// The last lines of one container's log, read once (kubectl logs --tail=N
// [--previous]): the evidence shown next to a crash. Bounded in time, and a
// log that cannot be read says why instead of failing the caller.
import { followLogs } from './logs.js';
import type { Connection } from './types.js';

/** Which container's log, and how much of it. */
export interface LogTailRequest {
  namespace: string;
  pod: string;
  container: string;
  /** The instance before the last restart (where a crash's last words are). */
  previous?: boolean;
  lines?: number;
  timeoutMs?: number;
}

/** The container's last lines, or one line saying why they could not be read. */
export async function readLogTail(conn: Connection, r: LogTailRequest): Promise<string[]> {
  const lines: string[] = [];
  let failure: string | undefined;
  const stream = followLogs(
    conn,
    { namespace: r.namespace, pod: r.pod, container: r.container, follow: false, timestamps: false, tailLines: r.lines ?? 10, ...(r.previous ? { previous: true } : {}), connectTimeoutMs: r.timeoutMs ?? 5000 },
    (l) => void lines.push(l.text),
    (err) => void (failure = err?.message),
  );
  const timer = setTimeout(() => stream.stop(), r.timeoutMs ?? 5000);
  await stream.done;
  clearTimeout(timer);
  if (failure && lines.length === 0) return [`(log not readable: ${failure})`];
  return lines;
}
