// Follows one container's log over GET .../pods/NAME/log?follow=true.
// Uses the request helper rather than client-node's Log class, which turns
// every non-500 failure into "Error occurred in log request" — and the API's
// 400s ("container "x" in pod "y" is waiting to start: ...") are exactly
// what the Logs pane should show.
import { describeError } from './describe-error.js';
import type { KubeError } from './kube-error.js';
import { LineSplitter } from './line-splitter.js';
import { openStream } from './request.js';
import type { Connection } from './types.js';

/** Which log to read and from where. */
export interface FollowLogsOptions {
  namespace: string;
  pod: string;
  container: string;
  /** Read the previous (terminated) instance instead of the current one. */
  previous?: boolean;
  sinceSeconds?: number;
  /** RFC 3339; at most one of sinceSeconds and sinceTime. */
  sinceTime?: string;
  tailLines?: number;
  /** Prefix each line with the kubelet's RFC 3339 timestamp (parsed into LogLine.time). */
  timestamps?: boolean;
  /** Keep the stream open for new lines (default true). */
  follow?: boolean;
  /** Limit until the API answers. */
  connectTimeoutMs?: number;
}

/** One log line; `time` is the kubelet's timestamp when timestamps were asked for. */
export interface LogLine {
  time?: string;
  text: string;
}

/** A running log stream. */
export interface LogStream {
  /** Closes the stream; onEnd is not called afterwards. */
  stop(): void;
  /** Settles when the stream is over (ended, failed or stopped). */
  readonly done: Promise<void>;
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Splits "TIMESTAMP text" as the kubelet writes it with timestamps=true. */
export function parseLogLine(line: string, timestamps: boolean): LogLine {
  if (!timestamps) return { text: line };
  const sp = line.indexOf(' ');
  const head = sp < 0 ? line : line.slice(0, sp);
  if (!TIMESTAMP.test(head)) return { text: line };
  return { time: head, text: sp < 0 ? '' : line.slice(sp + 1) };
}

/**
 * Streams a container's log line by line (partial chunks are joined).
 * `onEnd()` runs once when the server ends the stream (the container
 * stopped, the connection dropped), `onEnd(err)` when it fails; neither
 * runs after stop().
 */
export function followLogs(conn: Connection, o: FollowLogsOptions, onLine: (line: LogLine) => void, onEnd: (err?: KubeError) => void): LogStream {
  const abort = new AbortController();
  const timestamps = o.timestamps ?? true;
  const path = `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}/log`;
  const query = {
    container: o.container,
    follow: o.follow ?? true,
    timestamps,
    previous: o.previous || undefined,
    sinceSeconds: o.sinceSeconds,
    sinceTime: o.sinceTime,
    tailLines: o.tailLines,
  };
  const run = async (): Promise<void> => {
    let stream;
    try {
      stream = await openStream(conn, path, { query, signal: abort.signal, timeoutMs: o.connectTimeoutMs ?? 30_000 }, 'text/plain');
    } catch (err) {
      if (!abort.signal.aborted) onEnd(describeError(err, conn.server));
      return;
    }
    const reader = stream.body.getReader();
    const lines = new LineSplitter();
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (abort.signal.aborted) return;
        if (done) break;
        for (const line of lines.push(value)) {
          onLine(parseLogLine(line, timestamps));
          if (abort.signal.aborted) return;
        }
      }
      const last = lines.flush();
      if (last !== undefined) onLine(parseLogLine(last, timestamps));
      onEnd();
    } catch (err) {
      if (!abort.signal.aborted) onEnd(describeError(err, conn.server));
    } finally {
      stream.close();
    }
  };
  const done = run();
  return {
    stop: () => abort.abort(),
    done,
  };
}
