// The fault injector: what the reliability tests (and `helmdeck sim fault`)
// do to the API server — drop or expire watches, fail requests, forbid a
// resource, add latency, stop answering, or drop every connection.
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
  | 'reset';

export const faultHelp = `FAULT is one of:
  drop-watches       close every open watch
  expire-watches     compact history and close watches: resuming from any older resourceVersion gets 410 Gone
  errors=FRACTION    that share of requests (0..1) get 500/503
  forbid=RESOURCE    403 for that resource (e.g. pods, deployments.apps)
  allow=RESOURCE     lift a forbid
  latency=MS         delay every answer by MS milliseconds
  pause              accept requests but answer none (watches go quiet)
  resume             answer again, releasing what was held
  restart            drop every connection, keep the cluster's state
  reset              clear every fault`;

export class Faults extends EventEmitter {
  constructor() {
    super();
    // Every open watch listens for 'resume': hundreds are normal, not a leak.
    this.setMaxListeners(0);
  }

  errorFraction = 0;
  latencyMs = 0;
  paused = false;
  readonly forbidden = new Set<string>();

  /** Closes every open watch (they end cleanly, as when a load balancer drops them). */
  dropWatches(): void {
    this.emit('drop-watches');
  }

  /** Makes resumed watches get 410 Gone: history up to now is compacted away. */
  expire(): void {
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

  reset(): void {
    this.errorFraction = 0;
    this.latencyMs = 0;
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
        return this.expire();
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
