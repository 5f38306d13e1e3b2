// A window shared through the cluster: before any step runs it takes the
// Lease of every release it will touch (or is refused, naming the holder),
// journals how it got them, then mirrors the journal and a live snapshot of
// the checklist into the first release's namespace until it closes.
import { hostname } from 'node:os';
import type { WindowState, WindowStore } from '../engine/window.js';
import type { Journal } from '../journal/open-journal.js';
import type { Connection } from '../kube/types.js';
import { acquireLease, describeHolder, WindowHeldError, type HeldLease, type LeaseHolder } from './window-lease.js';
import { snapshotOf, windowIdOf } from './mirror-format.js';
import { startMirror, type WindowMirror } from './window-mirror.js';

/** What shareWindow needs. */
export interface ShareOptions {
  conn: Connection;
  /** The window's releases in order, each with its namespace. */
  releases: readonly { release: string; namespace: string }[];
  journal: Journal;
  operator: string;
  leaseSeconds: number;
  keepWindows: number;
  /** --take-over REASON. */
  takeOver?: string;
  runbookDigest?: string;
  /** A line for the operator (headless prints it; the cockpit shows it). */
  say: (line: string) => void;
  /** A Lease of ours is gone (another window took it, or it could not be renewed): nothing more may run. */
  onLost: (message: string, takenOver: boolean) => void;
}

/** A window being shared. */
export interface SharedWindow {
  /** Starts mirroring the window's state (once the controller exists). */
  follow(store: WindowStore): void;
  /** Writes the last snapshot (with how it ended: the journal's window-end, else `reason`) and gives the Leases up. */
  close(reason: string): Promise<void>;
}

/** Takes the Leases (throws WindowHeldError when another window holds one) and starts the mirror. */
export async function shareWindow(o: ShareOptions): Promise<SharedWindow> {
  const startedAt = Date.now();
  const windowId = windowIdOf(o.journal.path);
  const first = o.releases[0]!;
  const mirrorRef = `${first.namespace}/helmdeck-journal-${windowId}-0`;
  const host = hostname();
  const leases: HeldLease[] = [];
  let lostSaid = false;
  const lost = (release: string) => (why: { by?: LeaseHolder; reason?: string; error?: string }) => {
    const message = why.by
      ? `the window on ${release} was taken over by ${why.by.operator}@${why.by.host}${why.reason ? `: ${why.reason}` : ''} — this window runs nothing more`
      : `${why.error ?? 'the window lease was lost'} — this window runs nothing more`;
    void o.journal.note(message).catch(() => undefined);
    if (!lostSaid) o.onLost(message, why.by !== undefined);
    lostSaid = true;
  };
  try {
    for (const r of o.releases) {
      const lease = await acquireLease({
        conn: o.conn, namespace: r.namespace, release: r.release, phase: 'preflight', durationSeconds: o.leaseSeconds,
        me: { operator: o.operator, host, window: windowId, startedAt, mirror: mirrorRef, ...(o.runbookDigest ? { runbookDigest: o.runbookDigest } : {}) },
        ...(o.takeOver ? { takeOver: o.takeOver } : {}),
        onLost: lost(r.release),
      });
      leases.push(lease);
      const from = lease.takenFrom;
      if (!from) continue;
      const note = from.expired
        ? `took the window lease of ${r.release} from ${describeHolder(from.holder)}: it had expired (not renewed since ${new Date(from.holder.renewedAt).toISOString()})`
        : `took over the window on ${r.release} from ${describeHolder(from.holder)}: ${from.reason}`;
      await o.journal.note(note);
      o.say(note);
    }
  } catch (e) {
    await Promise.all(leases.map((l) => l.giveUp()));
    if (e instanceof WindowHeldError) throw e;
    // Not held by anyone: the cluster would not let us take it (RBAC, an unreachable API).
    const r = o.releases[leases.length]!;
    throw new Error(`the window lease of ${r.release} in ${r.namespace} could not be taken: ${(e as Error).message} — --no-share (or share.enabled: false) runs the window without one`, { cause: e });
  }

  let mirror: WindowMirror | undefined;
  let untee = (): void => undefined;
  let unsubscribe = (): void => undefined;
  let store: WindowStore | undefined;
  // How the journal says the window ended: what followers are shown.
  let endReason: string | undefined;
  try {
    mirror = await startMirror({
      conn: o.conn, namespace: first.namespace, release: first.release, releases: o.releases.map((r) => r.release), windowId, keep: o.keepWindows,
      onError: (message) => {
        o.say(`! ${message}`);
        void o.journal.note(message).catch(() => undefined);
      },
    });
    untee = o.journal.tee((line) => {
      mirror!.addLine(line);
      if (line.includes('"type":"window-end"')) endReason = (JSON.parse(line) as { reason?: string }).reason;
    });
  } catch (e) {
    o.say(`! the window is not mirrored: ${(e as Error).message}`);
  }
  const driver = `${o.operator}@${host}`;
  const publish = (w: WindowState, ended?: string): void => {
    mirror?.setLive(() => snapshotOf(w, { driver, startedAt, at: Date.now(), ...(ended ? { ended } : {}) }));
    const phases = new Map(w.releases.map((r) => [r.plan.release, r.phase]));
    for (const l of leases) l.setPhase(phases.get(l.release) ?? 'waiting');
  };
  return {
    follow(s) {
      store = s;
      publish(s.getState());
      unsubscribe = s.subscribe((w) => publish(w));
    },
    async close(reason) {
      unsubscribe();
      reason = endReason ?? reason;
      if (store) publish(store.getState(), reason);
      untee();
      await mirror?.close();
      await Promise.all(leases.map((l) => l.giveUp(`ended: ${reason}`)));
    },
  };
}
