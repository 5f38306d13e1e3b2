// One driver per release: a coordination.k8s.io/v1 Lease in the release's
// namespace, held by the operator's window and renewed while it is open, the
// way client-go's leader election holds one. A holder that vanishes (SIGKILL,
// a lost laptop) stops renewing and the Lease expires after its duration; the
// next window takes an expired Lease without asking. A live one is taken only
// with --take-over REASON, and the holder learns it at its next renewal.
import { KubeError } from '../kube/kube-error.js';
import { getJson, sendJson } from '../kube/request.js';
import type { Connection, KubeObject } from '../kube/types.js';
import { ANNOTATION, leaseName, MANAGED_BY, microTime, RELEASE_LABEL } from './mirror-format.js';

/** Who holds (or held) a release's window. */
export interface LeaseHolder {
  /** operator@host/window: unique per window, so two windows of one operator are told apart. */
  identity: string;
  operator: string;
  host: string;
  window: string;
  phase: string;
  /** Epoch ms the window started. */
  startedAt: number;
  /** Epoch ms of the last renewal. */
  renewedAt: number;
  durationSeconds: number;
  /** namespace/name of the window's mirror, when it is mirrored. */
  mirror?: string;
  runbookDigest?: string;
}

/** Who we are, for the Lease. */
export interface LeaseIdentity {
  operator: string;
  host: string;
  window: string;
  startedAt: number;
  runbookDigest?: string;
  mirror?: string;
}

/** How a window got the Lease when someone else had it. */
export interface TakenFrom {
  holder: LeaseHolder;
  /** The holder had stopped renewing. */
  expired: boolean;
  /** The --take-over reason (a live Lease). */
  reason?: string;
}

/** A live Lease held by another window: nothing may run. */
export class WindowHeldError extends Error {
  constructor(
    readonly release: string,
    readonly namespace: string,
    readonly holder: LeaseHolder,
  ) {
    super(`the window on ${release} in ${namespace} is held by ${describeHolder(holder)}; pass --take-over REASON to take it (journaled on both sides)`);
    this.name = 'WindowHeldError';
  }
}

/** "alice@laptop since 01:02:03 UTC (phase verifying)". */
export function describeHolder(h: LeaseHolder): string {
  const since = new Date(h.startedAt).toISOString().slice(11, 19);
  return `${h.operator}@${h.host} since ${since} UTC (phase ${h.phase || 'unknown'})`;
}

/** Reads a Lease's holder; undefined when nobody holds it (released, or never taken). */
export function holderOf(lease: KubeObject): LeaseHolder | undefined {
  const spec = lease.spec ?? {};
  const identity = typeof spec.holderIdentity === 'string' ? spec.holderIdentity : '';
  if (!identity) return undefined;
  const a = lease.metadata.annotations ?? {};
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
  const started = Date.parse(a[ANNOTATION.startedAt] ?? '');
  return {
    identity,
    operator: a[ANNOTATION.operator] ?? identity.split('@')[0] ?? identity,
    host: a[ANNOTATION.host] ?? '',
    window: a[ANNOTATION.window] ?? '',
    phase: a[ANNOTATION.phase] ?? '',
    startedAt: Number.isFinite(started) ? started : renewed,
    renewedAt: Number.isFinite(renewed) ? renewed : 0,
    durationSeconds: Number(spec.leaseDurationSeconds) || 0,
    ...(a[ANNOTATION.mirror] ? { mirror: a[ANNOTATION.mirror] } : {}),
    ...(a[ANNOTATION.runbookDigest] ? { runbookDigest: a[ANNOTATION.runbookDigest] } : {}),
  };
}

// Who held a Lease whose holder has been cleared, from its annotations.
function lastHolderOf(lease: KubeObject): LeaseHolder | undefined {
  const a = lease.metadata.annotations ?? {};
  if (!a[ANNOTATION.operator]) return undefined;
  return holderOf({ ...lease, spec: { ...lease.spec, holderIdentity: `${a[ANNOTATION.operator]}@${a[ANNOTATION.host] ?? ''}/${a[ANNOTATION.window] ?? ''}` } });
}

/** Whether a holder stopped renewing longer ago than its Lease lasts. */
export function expired(h: LeaseHolder, now: number): boolean {
  return now > h.renewedAt + h.durationSeconds * 1000;
}

/** What acquireLease needs. */
export interface AcquireOptions {
  conn: Connection;
  namespace: string;
  release: string;
  me: LeaseIdentity;
  phase: string;
  durationSeconds: number;
  /** The --take-over reason: take a live Lease anyway. */
  takeOver?: string;
  now?: () => number;
  /** Called when another window took the Lease (or it could not be renewed for its whole duration). */
  onLost?: (why: { by?: LeaseHolder; reason?: string; error?: string }) => void;
}

/** A held Lease: renewed in the background until released. */
export interface HeldLease {
  readonly release: string;
  readonly namespace: string;
  /** Set when the Lease was taken from another window. */
  readonly takenFrom?: TakenFrom;
  /** The phase shown to others, written at once. */
  setPhase(phase: string): void;
  /** Stops renewing and gives the Lease up (holder cleared), if still ours. */
  giveUp(phase?: string): Promise<void>;
}

const path = (ns: string, name?: string) => `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/leases${name ? `/${encodeURIComponent(name)}` : ''}`;
const identityOf = (me: LeaseIdentity) => `${me.operator}@${me.host}/${me.window}`;

/** Takes the release's Lease, or throws WindowHeldError naming who holds it. */
export async function acquireLease(o: AcquireOptions): Promise<HeldLease> {
  const now = o.now ?? Date.now;
  const name = leaseName(o.release);
  const mine = identityOf(o.me);
  let phase = o.phase;
  const body = (base: KubeObject | undefined, extra: Record<string, string> = {}): KubeObject => {
    const t = microTime(now());
    const spec = base?.spec ?? {};
    const ours = spec.holderIdentity === mine;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: o.namespace,
        ...(base?.metadata.resourceVersion ? { resourceVersion: base.metadata.resourceVersion } : {}),
        labels: { ...(base?.metadata.labels ?? {}), ...MANAGED_BY, [RELEASE_LABEL]: o.release },
        annotations: {
          // A take-over's reason stays while its taker holds the Lease: the former holder reads it at its next renewal.
          ...(ours ? (base?.metadata.annotations ?? {}) : withoutTakeOver(base?.metadata.annotations ?? {})),
          [ANNOTATION.operator]: o.me.operator,
          [ANNOTATION.host]: o.me.host,
          [ANNOTATION.window]: o.me.window,
          [ANNOTATION.phase]: phase,
          [ANNOTATION.startedAt]: new Date(o.me.startedAt).toISOString(),
          ...(o.me.runbookDigest ? { [ANNOTATION.runbookDigest]: o.me.runbookDigest } : {}),
          ...(o.me.mirror ? { [ANNOTATION.mirror]: o.me.mirror } : {}),
          ...extra,
        },
      },
      spec: {
        holderIdentity: mine,
        leaseDurationSeconds: o.durationSeconds,
        acquireTime: ours && spec.acquireTime ? spec.acquireTime : t,
        renewTime: t,
        leaseTransitions: (Number(spec.leaseTransitions) || 0) + (base && !ours ? 1 : 0),
      },
    };
  };

  let takenFrom: TakenFrom | undefined;
  for (let attempt = 0; ; attempt++) {
    const existing = await getJson<KubeObject>(o.conn, path(o.namespace, name)).catch((e: unknown) => {
      if (e instanceof KubeError && e.statusCode === 404) return undefined;
      throw e;
    });
    const holder = existing && holderOf(existing);
    let extra: Record<string, string> = {};
    takenFrom = undefined;
    if (holder && holder.identity !== mine) {
      if (expired(holder, now())) takenFrom = { holder, expired: true };
      else if (o.takeOver) {
        takenFrom = { holder, expired: false, reason: o.takeOver };
        extra = { [ANNOTATION.takenOverFrom]: holder.identity, [ANNOTATION.takeOverReason]: o.takeOver };
      } else throw new WindowHeldError(o.release, o.namespace, holder);
    }
    try {
      await (existing
        ?  sendJson<KubeObject>(o.conn, 'PUT', path(o.namespace, name), body(existing, extra))
        : sendJson<KubeObject>(o.conn, 'POST', path(o.namespace), body(undefined)));
      break;
    } catch (e) {
      // Another window wrote it between our read and our write: read again and decide again.
      if (e instanceof KubeError && (e.statusCode === 409 || e.statusCode === 422) && attempt < 4) continue;
      throw e;
    }
  }

  let lost = false;
  let released = false;
  let lastRenewed = now();
  let writing: Promise<void> = Promise.resolve();
  // Renewal re-reads the Lease: a changed holder means another window took it.
  const renew = (): Promise<void> => {
    writing = writing.then(async () => {
      if (lost || released) return;
      try {
        const seen = await getJson<KubeObject>(o.conn, path(o.namespace, name));
        const holder = holderOf(seen);
        if (!holder || holder.identity !== mine) {
          lost = true;
          stopTimer();
          const a = seen.metadata.annotations ?? {};
          // A taker that already finished cleared the holder; its annotations still name it.
          const by = holder ?? (a[ANNOTATION.window] && a[ANNOTATION.window] !== o.me.window ? lastHolderOf(seen) : undefined);
          const takenFromUs = a[ANNOTATION.takenOverFrom] === mine;
          o.onLost?.({ ...(by ? { by } : {}), ...(takenFromUs && a[ANNOTATION.takeOverReason] ? { reason: a[ANNOTATION.takeOverReason] } : {}) });
          return;
        }
        await sendJson<KubeObject>(o.conn, 'PUT', path(o.namespace, name), body(seen));
        lastRenewed = now();
      } catch (e) {
        // A blip is retried at the next tick; a Lease not renewed for its whole duration may be someone else's by now.
        if (now() - lastRenewed > o.durationSeconds * 1000 && !lost) {
          lost = true;
          stopTimer();
          o.onLost?.({ error: `the window lease could not be renewed for ${o.durationSeconds} s: ${(e as Error).message}` });
        }
      }
    });
    return writing;
  };
  const timer = setInterval(() => void renew(), Math.max(200, (o.durationSeconds * 1000) / 3));
  timer.unref();
  const stopTimer = () => clearInterval(timer);

  return {
    release: o.release,
    namespace: o.namespace,
    ...(takenFrom ? { takenFrom } : {}),
    setPhase(p) {
      if (p === phase) return;
      phase = p;
      void renew();
    },
    async giveUp(finalPhase) {
      if (released) return;
      if (finalPhase) phase = finalPhase;
      stopTimer();
      await writing;
      if (lost) return;
      released = true;
      // Like client-go's ReleaseOnCancel: the holder is cleared, the Lease stays to show how the last window ended.
      try {
        const seen = await getJson<KubeObject>(o.conn, path(o.namespace, name));
        if (holderOf(seen)?.identity !== mine) return;
        const cleared = body(seen);
        delete cleared.spec.holderIdentity;
        await sendJson(o.conn, 'PUT', path(o.namespace, name), cleared);
      } catch {
        // It expires by itself after its duration.
      }
    },
  };
}

function withoutTakeOver(a: Record<string, string>): Record<string, string> {
  const { [ANNOTATION.takenOverFrom]: _from, [ANNOTATION.takeOverReason]: _reason, ...rest } = a;
  return rest;
}
