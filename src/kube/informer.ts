// A supervised list/watch loop in the manner of client-go's reflector.
// client-node's informer stops for good on any error but 410 and drops
// healthy watches every 30 s; a cockpit watch must never die silently, so
// this one retries everything, relists on 410 and diffs each relist against
// what it reported, so the sink sees every real change exactly once. A
// stream that stops sending after bookmarks were flowing at a known pace is
// declared dead after a few missed bookmarks, not after minutes.
import { Backoff } from './backoff.js';
import { describeError, statusError } from './describe-error.js';
import { KubeError } from './kube-error.js';
import { InformerCache } from './informer-cache.js';
import type { InformerOptions } from './informer-options.js';
import { isNewerVersion } from './resource-version.js';
import { listAll } from './request.js';
import { Sleeper } from './sleeper.js';
import { defaultTrim } from './trim.js';
import type { Connection, InformerSink, KubeObject, WatchState } from './types.js';
import { runWatch, type WatchEvent } from './watch-stream.js';

export type { InformerOptions } from './informer-options.js';

/** The shortest silence taken for a dead stream, however fast bookmarks come. */
const MIN_SILENCE_MS = 4000;

/** A list/watch loop that never gives up: relists on 410, backs off on errors, reports watch state. */
export class SupervisedInformer {
  private readonly cache: InformerCache;
  private readonly backoff: Backoff;
  private readonly trim: (obj: KubeObject) => KubeObject;
  private current: WatchState = { state: 'connecting', since: Date.now() };
  private resourceVersion = '';
  private started = false;
  private stopped = false;
  /** Set by restart(): the request it aborts is not a failure. */
  private restarting = false;
  private syncedOnce = false;
  private abort: AbortController | undefined;
  private readonly sleeper = new Sleeper();
  private loopDone: Promise<void> = Promise.resolve();
  private liveSince: number | undefined;
  private lastRequest = { list: -Infinity, watch: -Infinity };
  /** Recent gaps between two bookmarks of one stream: the server's bookmark pace. */
  private readonly bookmarkGaps: number[] = [];
  /** Request and event counters, for metrics and tests. */
  readonly stats = { lists: 0, watches: 0, relists410: 0, staleEvents: 0, failures: 0, silentWatches: 0 };

  constructor(
    private readonly conn: Connection,
    private readonly o: InformerOptions,
    private readonly sink: InformerSink,
  ) {
    this.backoff = new Backoff(o.backoff);
    this.trim = o.trim ?? defaultTrim;
    this.cache = new InformerCache(sink, o.remember);
  }

  /** The watch's health now. */
  get state(): WatchState {
    return this.current;
  }

  /** The cached objects (trimmed, or what `remember` keeps of them), as last reported to the sink. */
  list(): KubeObject[] {
    return this.cache.list();
  }

  /** Starts listing and watching; idempotent. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.sink.state(this.current);
    this.loopDone = this.loop();
  }

  /**
   * Drops the current request (or backoff) and lists again at once, as a
   * fresh start would: what an operator asks for when the screen looks stuck.
   */
  restart(): void {
    if (!this.started || this.stopped) return;
    this.restarting = true;
    this.lastRequest = { list: -Infinity, watch: -Infinity };
    this.abort?.abort();
    this.sleeper.wakeNow();
  }

  /** Stops everything (requests, timers); idempotent. Resolves when the loop has exited. */
  stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.sleeper.cancel();
    return this.loopDone;
  }

  private async loop(): Promise<void> {
    let relist = true;
    while (!this.stopped) {
      try {
        if (relist) await this.relist();
        relist = false;
        if (this.stopped) break;
        relist = (await this.watchOnce()) === 'gone';
        if (this.restarting) {
          this.restarting = false;
          relist = true;
        }
      } catch (err) {
        if (this.stopped) break;
        if (this.restarting) {
          this.restarting = false;
          relist = true;
          continue;
        }
        relist = true;
        this.stats.failures++;
        const e = describeError(err, this.conn.server);
        if (this.liveSince !== undefined && Date.now() - this.liveSince >= this.backoff.options.healthyResetMs) this.backoff.reset();
        this.liveSince = undefined;
        const since = this.current.state === 'live' || this.current.state === 'connecting' ? Date.now() : this.current.since;
        if (e.kind === 'forbidden') {
          this.setState({ state: 'forbidden', since: this.current.state === 'forbidden' ? since : Date.now(), message: e.apiMessage ?? e.message });
          await this.sleeper.sleep(this.o.forbiddenRetryMs ?? 30_000);
        } else {
          const delay = this.backoff.next();
          this.setState({ state: 'reconnecting', since, error: e.message, attempt: this.backoff.attempts });
          await this.sleeper.sleep(delay);
        }
      }
    }
    this.abort = undefined;
  }

  private async relist(): Promise<void> {
    await this.pace('list');
    if (this.stopped) return;
    this.checkRestart();
    const abort = (this.abort = new AbortController());
    const query = { labelSelector: this.o.labelSelector, fieldSelector: this.o.fieldSelector };
    // Trimmed page by page: a 10,000-pod list is never held untrimmed whole.
    const each = (raw: KubeObject, list: { kind?: string; apiVersion?: string }) => {
      if (!raw.kind && list.kind) raw.kind = list.kind;
      if (!raw.apiVersion && list.apiVersion) raw.apiVersion = list.apiVersion;
      return this.trim(raw);
    };
    const res = await listAll(this.conn, this.o.path, { query, limit: this.o.pageSize ?? 500, timeoutMs: this.o.requestTimeoutMs ?? 30_000, signal: abort.signal, each });
    if (this.stopped) return;
    this.cache.replace(res.items);
    this.resourceVersion = res.resourceVersion;
    if (!this.syncedOnce) {
      this.syncedOnce = true;
      this.sink.synced();
    }
  }

  private async watchOnce(): Promise<'ended' | 'gone'> {
    await this.pace('watch');
    if (this.stopped) return 'ended';
    this.checkRestart();
    const abort = (this.abort = new AbortController());
    let gone = false;
    let failure: KubeError | undefined;
    let sawBookmark = false;
    let lastBookmark: number | undefined;
    let lastData = Date.now();
    let openedAt = Date.now();
    let silent = false;
    const idleTimeoutMs = this.o.idleTimeoutMs ?? 150_000;
    // Checked lazily: the timer fires at most once per silence limit, however busy the stream.
    let watchdog: NodeJS.Timeout | undefined;
    let due = Infinity;
    const guard = (): void => {
      clearTimeout(watchdog);
      due = lastData + this.silenceLimitMs(idleTimeoutMs);
      const left = due - Date.now();
      if (left > 0) {
        watchdog = setTimeout(guard, left);
        watchdog.unref?.();
        return;
      }
      silent = true;
      abort.abort();
    };
    const onEvent = (e: WatchEvent) => {
      const now = Date.now();
      lastData = now;
      if (e.type === 'BOOKMARK') {
        // The first gap counts from the stream's opening: servers schedule bookmarks per watcher from then.
        this.noteBookmarkGap(now - (lastBookmark ?? openedAt));
        lastBookmark = now;
        sawBookmark = true;
        // The first bookmarks teach the pace: a limit that shrank is re-armed now.
        if (now + this.silenceLimitMs(idleTimeoutMs) < due) guard();
        this.advance(e.object?.metadata?.resourceVersion);
      } else if (e.type === 'ERROR') {
        if (e.object?.code === 410) gone = true;
        else failure = statusError(Number(e.object?.code) || 500, e.object, this.conn.server, `watch ${this.o.name}`);
        abort.abort();
      } else if (e.object?.metadata?.name) {
        const rv = e.object.metadata.resourceVersion;
        // One stream is ordered by resourceVersion: anything not newer than
        // what it already delivered is a duplicate or arrived out of order.
        if (rv && this.resourceVersion && !isNewerVersion(rv, this.resourceVersion)) {
          this.stats.staleEvents++;
          return;
        }
        const obj = this.trim(e.object);
        this.advance(obj.metadata.resourceVersion);
        const before = this.cache.staleEvents;
        this.cache.apply(e.type, obj);
        this.stats.staleEvents += this.cache.staleEvents - before;
      }
    };
    let end;
    try {
      end = await runWatch(this.conn, this.o.path, {
        query: {
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: this.o.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300),
          labelSelector: this.o.labelSelector,
          fieldSelector: this.o.fieldSelector,
        },
        signal: abort.signal,
        connectTimeoutMs: this.o.requestTimeoutMs ?? 30_000,
        idleTimeoutMs,
        onOpen: () => {
          openedAt = lastData = Date.now();
          // Healthy since the first watch that opened after the last failure, across clean re-watches.
          this.liveSince ??= Date.now();
          if (this.current.state !== 'live') this.setState({ state: 'live', since: Date.now() });
        },
        onEvent,
      });
    } catch (err) {
      if ((err as KubeError).statusCode !== 410) throw err;
      gone = true;
    } finally {
      clearTimeout(watchdog);
    }
    if (silent) {
      this.stats.silentWatches++;
      const every = this.bookmarkGaps.length ? `; bookmarks had come every ${seconds(Math.max(...this.bookmarkGaps))} s` : '';
      throw new KubeError('timeout', `the watch on ${this.o.name} went silent: no data from the API server at ${this.conn.server} for ${seconds(Date.now() - lastData)} s${every}`);
    }
    if (failure) throw failure;
    if (gone) {
      this.stats.relists410++;
      return 'gone';
    }
    // Quiet without bookmarks may just be a quiet resource; quiet after bookmarks means the stream is dead.
    if (end === 'idle' && sawBookmark) throw new KubeError('timeout', `no data from the API server at ${this.conn.server} for ${Math.round(idleTimeoutMs / 1000)} s`);
    return 'ended';
  }

  /**
   * How long a stream may stay quiet once bookmarks were seen: a few of the
   * server's bookmark intervals (a real API server sends one about every
   * minute, so this stays at idleTimeoutMs there), never under 4 s.
   */
  private silenceLimitMs(idleTimeoutMs: number): number {
    if (!this.bookmarkGaps.length) return idleTimeoutMs;
    const pace = Math.max(...this.bookmarkGaps);
    return Math.min(idleTimeoutMs, Math.max(MIN_SILENCE_MS, 4 * pace));
  }

  private noteBookmarkGap(ms: number): void {
    this.bookmarkGaps.push(ms);
    if (this.bookmarkGaps.length > 8) this.bookmarkGaps.shift();
  }

  private advance(rv: string | undefined): void {
    if (rv && isNewerVersion(rv, this.resourceVersion)) this.resourceVersion = rv;
  }

  // A restart asked while waiting (pace, backoff) starts over with a list.
  private checkRestart(): void {
    if (this.restarting) throw new KubeError('other', 'restarting');
  }

  private setState(s: WatchState): void {
    this.current = s;
    this.sink.state(s);
  }

  /** Waits so that requests of one kind are at least minWatchIntervalMs apart. */
  private async pace(kind: 'list' | 'watch'): Promise<void> {
    const wait = this.lastRequest[kind] + (this.o.minWatchIntervalMs ?? 1000) - Date.now();
    if (wait > 0) await this.sleeper.sleep(wait);
    this.lastRequest[kind] = Date.now();
    this.stats[kind === 'list' ? 'lists' : 'watches']++;
    if (!this.stopped) this.o.onRequest?.(kind);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}
