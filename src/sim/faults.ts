// The fault injector: what the reliability tests (and `helmdeck sim fault`)
// do to the API server — drop or expire watches, fail requests, forbid a
// resource, add latency, stop answering, drop every connection, reject the
// token, or replay watch events out of order — plus a log of the requests
// it saw, so a test can prove a client's back-off from the server's side.
import { EventEmitter } from 'node:events';

export type FaultName =
  | 'drop-watches'
  | 'expire-watches'
  | 'errors'
  | 'forbid'
  | 'allow'
  | 'latency'
  | 'pause'
  | 'resume'
  | 'restart'
  | 'expire-token'
  | 'renew-token'
  | 'replay-events'
  | 'reset';

export const faultHelp = `FAULT is one of:
  drop-watches       close every open watch
  expire-watches     compact history and close watches: resuming from any older resourceVersion gets 410 Gone
                     (an ERROR event in a 200 stream, as the watch cache sends it; expire-watches=status: the HTTP status)
  errors=FRACTION    that share of requests (0..1) get 500/503
  forbid=RESOURCE    403 for that resource (e.g. pods, deployments.apps)
  allow=RESOURCE     lift a forbid
  latency=MS         delay every answer by MS milliseconds
  pause              accept requests but answer none (watches go quiet)
  resume             answer again, releasing what was held
  restart            drop every connection, keep the cluster's state
  expire-token       401 Unauthorized for every request, as when a token expires
  renew-token        accept the token again
  replay-events      send every watch event twice, then the object's previous version (replay-events=off ends it)
  reset              clear every fault`;

/** One request as kubesim received it (before any fault answered it). */
export interface RequestRecord {
  at: number;
  method: string;
  /** get, list, watch, create…; '' for non-resource paths (discovery, /version). */
  verb: string;
  /** "pods", "deployments.apps"; '' for non-resource paths. */
  resource: string;
  namespace: string;
}

/** The requests kubesim received, newest last (bounded), and totals per verb and resource. */
export class RequestLog {
  private readonly entries: RequestRecord[] = [];
  private readonly totals = new Map<string, number>();

  constructor(private readonly keep = 20_000) {}

  record(r: RequestRecord): void {
    this.entries.push(r);
    // Trimmed in batches: a shift per request would cost O(keep) at benchmark rates.
    if (this.entries.length > this.keep * 1.5) this.entries.splice(0, this.entries.length - this.keep);
    const key = `${r.verb} ${r.resource}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
  }

  /** Requests since `since` (ms epoch) matching the filter, oldest first. */
  since(since: number, match: Partial<Pick<RequestRecord, 'verb' | 'resource' | 'namespace'>> = {}): RequestRecord[] {
    return this.entries.filter(
      (e) => e.at >= since && (match.verb === undefined || e.verb === match.verb) && (match.resource === undefined || e.resource === match.resource) && (match.namespace === undefined || e.namespace === match.namespace),
    );
  }

  /** Totals since start, keyed "VERB RESOURCE" ("watch pods"). */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.totals].sort(([a], [b]) => a.localeCompare(b)));
  }
}

export class Faults extends EventEmitter {
  constructor() {
    super();
    // Every open watch listens for 'resume': hundreds are normal, not a leak.
    this.setMaxListeners(0);
  }

  errorFraction = 0;
  latencyMs = 0;
  paused = false;
  tokenExpired = false;
  replayEvents = false;
  /** A watch resuming from a compacted version is refused with HTTP 410 rather than an ERROR event. */
  goneAsStatus = false;
  readonly forbidden = new Set<string>();
  readonly requests = new RequestLog();

  /** Closes every open watch (they end cleanly, as when a load balancer drops them). */
  dropWatches(): void {
    this.emit('drop-watches');
  }

  /** Makes resumed watches get 410 Gone: history up to now is compacted away. */
  expire(as: 'event' | 'status' = 'event'): void {
    this.goneAsStatus = as === 'status';
    this.emit('expire-watches');
    this.emit('drop-watches');
  }

  setErrors(fraction: number): void {
    if (!(fraction >= 0 && fraction <= 1)) throw new Error(`errors=FRACTION needs a number from 0 to 1, got ${fraction}`);
    this.errorFraction = fraction;
  }

  setLatency(ms: number): void {
    if (!(ms >= 0)) throw new Error(`latency=MS needs a non-negative number, got ${ms}`);
    this.latencyMs = ms;
  }

  forbid(resource: string): void {
    this.forbidden.add(normalise(resource));
  }

  allow(resource: string): void {
    this.forbidden.delete(normalise(resource));
  }

  isForbidden(group: string, resource: string): boolean {
    return this.forbidden.has(group ? `${resource}.${group}` : resource) || this.forbidden.has(resource);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.emit('resume');
  }

  /** Drops every connection; the server keeps its state and keeps listening. */
  restart(): void {
    this.emit('restart');
  }

  /** Every request gets 401 until renewToken() (the admin endpoints excepted, or nothing could renew it). */
  expireToken(): void {
    this.tokenExpired = true;
  }

  renewToken(): void {
    this.tokenExpired = false;
  }

  reset(): void {
    this.errorFraction = 0;
    this.latencyMs = 0;
    this.tokenExpired = false;
    this.replayEvents = false;
    this.goneAsStatus = false;
    this.forbidden.clear();
    if (this.paused) this.resume();
  }

  /** Applies a fault given as on the command line ("errors=0.5", "pause"). */
  apply(spec: string): void {
    const [name, arg] = spec.split('=', 2) as [string, string | undefined];
    const need = () => {
      if (arg === undefined || arg === '') throw new Error(`fault ${name} needs a value: ${name}=...`);
      return arg;
    };
    switch (name as FaultName) {
      case 'drop-watches':
        return this.dropWatches();
      case 'expire-watches':
        if (arg !== undefined && arg !== 'event' && arg !== 'status') throw new Error(`expire-watches takes no value, or =event / =status; got ${arg}`);
        return this.expire(arg === 'status' ? 'status' : 'event');
      case 'errors':
        return this.setErrors(Number(need()));
      case 'forbid':
        return this.forbid(need());
      case 'allow':
        return this.allow(need());
      case 'latency':
        return this.setLatency(Number(need()));
      case 'pause':
        return this.pause();
      case 'resume':
        return this.resume();
      case 'restart':
        return this.restart();
      case 'expire-token':
        return this.expireToken();
      case 'renew-token':
        return this.renewToken();
      case 'replay-events':
        if (arg !== undefined && arg !== 'on' && arg !== 'off') throw new Error(`replay-events takes no value, or =on / =off; got ${arg}`);
        this.replayEvents = arg !== 'off';
        return;
      case 'reset':
        return this.reset();
      default:
        throw new Error(`unknown fault "${spec}"\n${faultHelp}`);
    }
  }
}

function normalise(resource: string): string {
  // "pods", "deployments.apps" and "deployments" are all accepted.
  return resource.trim().toLowerCase();
}
