// Keeps one container instance's log followed: when the stream ends while
// the container still runs (an API server restart, a load balancer cutting
// long requests) it reconnects from the last line's time and skips what it
// already delivered, so the Logs pane neither loses nor repeats lines.
import type { KubeError } from './kube-error.js';
import { followLogs, type LogLine, type LogStream } from './logs.js';
import type { Connection } from './types.js';

/** The container instance to follow and how to start reading it. */
export interface FollowerTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The instance (status.containerID); a restart is a new instance and a new follower. */
  containerID: string;
  /** For the first connection only. */
  sinceSeconds?: number;
  tailLines?: number;
}

/** Orders RFC 3339 timestamps with any number of fraction digits (string order fails on "…1Z" vs "…12Z"). */
export function compareLogTimes(a: string, b: string): number {
  const norm = (t: string) => {
    const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
    return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z` : t;
  };
  const x = norm(a);
  const y = norm(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Follows one container instance, reconnecting while `isRunning()` says it still runs. */
export class ContainerFollower {
  private stream: LogStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;
  private lastTime: string | undefined;
  /** Lines delivered carrying exactly lastTime (a reconnect from that second replays them). */
  private atLast = 0;
  private resume: { time: string; skipEqual: number } | undefined;
  /** The last failure, for the pane ("waiting to start", "forbidden"). */
  lastError: KubeError | undefined;
  /** Set once the instance stopped and its log was read to the end. */
  finished = false;

  constructor(
    private readonly conn: Connection,
    readonly target: FollowerTarget,
    private readonly emit: (line: LogLine) => void,
    private readonly isRunning: () => boolean,
    private readonly reconnectDelayMs = 1000,
  ) {}

  get containerID(): string {
    return this.target.containerID;
  }

  /** True while a log request is open. */
  get streaming(): boolean {
    return this.stream !== undefined;
  }

  start(): void {
    if (!this.stream && !this.timer && !this.stopped) this.open();
  }

  /** The pod changed: reconnect now if the stream is down while the container runs. */
  poke(): void {
    if (!this.stream && !this.timer && !this.stopped && !this.finished && this.isRunning()) this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stream?.stop();
    this.stream = undefined;
  }

  private open(): void {
    const { namespace, pod, container } = this.target;
    let from: { sinceTime?: string; sinceSeconds?: number; tailLines?: number };
    if (this.lastTime) {
      // sinceTime has one-second precision on real API servers: ask from that second, skip what we have.
      from = { sinceTime: this.lastTime.replace(/\.\d+/, '') };
      this.resume = { time: this.lastTime, skipEqual: this.atLast };
    } else {
      from = { sinceSeconds: this.target.sinceSeconds, tailLines: this.target.tailLines };
    }
    this.stream = followLogs(this.conn, { namespace, pod, container, timestamps: true, ...from }, (l) => this.line(l), (err) => this.ended(err));
  }

  private line(l: LogLine): void {
    if (this.resume && l.time) {
      const c = compareLogTimes(l.time, this.resume.time);
      if (c < 0) return;
      if (c === 0 && this.resume.skipEqual > 0) {
        this.resume.skipEqual--;
        return;
      }
    }
    this.resume = undefined;
    this.failures = 0;
    this.lastError = undefined;
    if (l.time) {
      if (l.time === this.lastTime) this.atLast++;
      else {
        this.lastTime = l.time;
        this.atLast = 1;
      }
    }
    this.emit(l);
  }

  private ended(err?: KubeError): void {
    this.stream = undefined;
    if (this.stopped) return;
    if (err) this.lastError = err;
    if (!this.isRunning() && (!err || this.failures >= 5)) {
      // The instance stopped and the server sent all of its log (or keeps refusing to).
      this.finished = true;
      return;
    }
    const delay = err ? Math.min(30_000, this.reconnectDelayMs * 2 ** this.failures++) : this.reconnectDelayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Even if it stopped meanwhile: one more read fetches the lines written since.
      if (!this.stopped) this.open();
    }, delay);
  }
}
