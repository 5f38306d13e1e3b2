// One watch request as a stream of events. Built on the request helper
// rather than client-node's Watch class, which cannot be cancelled before
// the server answers (no signal: stop() would leave a pending request and a
// timer), drops the Status body of a failed watch (so a 403 loses the API's
// message), and opens a fresh, never-closed connection pool per call.
import { describeError } from './describe-error.js';
import { KubeError } from './kube-error.js';
import { LineSplitter } from './line-splitter.js';
import { openStream, type Query } from './request.js';
import type { Connection } from './types.js';

/** One line of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

/** How a watch that did not fail ended. */
export type WatchEnd = 'ended' | 'idle' | 'aborted';

/** The query, limits and callbacks of one watch request. */
export interface WatchStreamOptions {
  query: Query;
  signal: AbortSignal;
  /** Limit until the server answers with headers. */
  connectTimeoutMs: number;
  /** Gives up on a stream that sent nothing (not even a bookmark) for this long. */
  idleTimeoutMs: number;
  onOpen(): void;
  onEvent(event: WatchEvent): void;
}

/**
 * Runs one watch until the server ends it ('ended'), it goes quiet for
 * idleTimeoutMs ('idle') or the caller aborts ('aborted'). Throws KubeError
 * for failures, including the HTTP status of a refused watch.
 */
export async function runWatch(conn: Connection, path: string, o: WatchStreamOptions): Promise<WatchEnd> {
  let stream;
  try {
    stream = await openStream(conn, path, { query: { ...o.query, watch: true }, timeoutMs: o.connectTimeoutMs, signal: o.signal }, 'application/json');
  } catch (err) {
    if (o.signal.aborted) return 'aborted';
    throw err;
  }
  let idle = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      stream.close();
    }, o.idleTimeoutMs);
  };
  const reader = stream.body.getReader();
  const lines = new LineSplitter();
  try {
    arm();
    o.onOpen();
    while (true) {
      const { value, done } = await reader.read();
      if (done) return 'ended';
      arm();
      for (const line of lines.push(value)) {
        if (!line.trim()) continue;
        let event: WatchEvent;
        try {
          event = JSON.parse(line);
        } catch {
          // Skipping it could lose a change for good; a relist is the safe answer.
          throw new KubeError('other', `malformed watch event from ${conn.server}: ${line.slice(0, 80)}`);
        }
        o.onEvent(event);
        if (o.signal.aborted) return 'aborted';
      }
    }
  } catch (err) {
    if (o.signal.aborted) return 'aborted';
    if (idle) return 'idle';
    throw describeError(err, conn.server);
  } finally {
    clearTimeout(timer);
    stream.close();
  }
}
