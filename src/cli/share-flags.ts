// The flags of a window shared through the cluster (upgrade, rollback):
// --no-share (no Lease, no mirror) and --take-over REASON (take a Lease that
// another window holds); the config's share section gives the defaults.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { ParseArgsOptionsConfig } from 'node:util';
import type { Config } from '../config/config.js';
import type { Journal } from '../journal/open-journal.js';
import type { Connection } from '../kube/types.js';
import type { UpgradeWindow } from '../engine/window.js';
import { shareWindow, type SharedWindow } from '../share/share-window.js';
import { WindowHeldError } from '../share/window-lease.js';
import type { CockpitFlags } from './cockpit-setup.js';
import type { FollowSession } from './follow.js';
import { UsageError } from './usage-error.js';

/** parseArgs options of the commands that start a window. */
export const shareFlagOptions = {
  'no-share': { type: 'boolean' },
  'take-over': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** The parsed share flags. */
export interface ShareFlags {
  'no-share'?: boolean;
  'take-over'?: string;
  runbook?: string;
}

/** Refuses a take-over without a reason, or one that cannot happen. */
export function checkShareFlags(flags: ShareFlags): void {
  const reason = flags['take-over'];
  if (reason !== undefined && !reason.trim()) throw new UsageError('--take-over: give the reason (it is journaled on both sides), e.g. --take-over "alice is offline"');
  if (reason !== undefined && flags['no-share']) throw new UsageError('--take-over and --no-share: without sharing there is no window lease to take');
}

/** Takes the window's Leases and starts its mirror; undefined when sharing is off (flag or config). Throws WindowHeldError. */
export async function openShare(o: {
  flags: ShareFlags;
  config: Config;
  conn: Connection;
  releases: readonly { release: string; namespace: string }[];
  journal: Journal;
  say: (line: string) => void;
  onLost: (message: string, takenOver: boolean) => void;
}): Promise<SharedWindow | undefined> {
  if (o.flags['no-share'] || !o.config.share.enabled) return undefined;
  const reason = o.flags['take-over']?.trim();
  const digest = o.flags.runbook ? runbookDigest(o.flags.runbook) : undefined;
  return shareWindow({
    conn: o.conn, releases: o.releases, journal: o.journal, operator: operatorName(),
    leaseSeconds: o.config.share.leaseSeconds, keepWindows: o.config.share.keepWindows,
    ...(reason ? { takeOver: reason } : {}), ...(digest ? { runbookDigest: digest } : {}),
    say: o.say, onLost: o.onLost,
  });
}

/** How the journal's window-end reads for a window that was refused, or taken over. */
export const REFUSED = 'refused: the window is held by another operator';
export const TAKEN_OVER = 'taken over by another operator';
export const LEASE_LOST = 'stopped: the window lease could not be renewed';

/** A window's sharing once it may start: the share (undefined when off) and what happens when it is taken over. */
export interface WindowSharing {
  share: SharedWindow | undefined;
  /** Why nothing more may run (another window took this one over, or its lease could not be renewed). */
  lost(): string | undefined;
  /** The window-end reason then: TAKEN_OVER or LEASE_LOST. */
  ending(): string | undefined;
  /** The window's controller: mirrored from now on, halted on a take-over (at once when that already happened). */
  attach(w: UpgradeWindow): void;
}

/**
 * Takes the window's Leases before any step runs. Held by another window:
 * journals "not started" and returns the WindowHeldError for the caller to
 * refuse (headless) or follow (cockpit). `print` (headless) says what happens.
 */
export async function shareOrRefuse(o: Omit<Parameters<typeof openShare>[0], 'say' | 'onLost'> & { print?: (line: string) => void }): Promise<WindowSharing | WindowHeldError> {
  let lost: string | undefined;
  let ending: string | undefined;
  let window: UpgradeWindow | undefined;
  let share: SharedWindow | undefined;
  try {
    share = await openShare({
      ...o,
      say: (line) => o.print?.(line),
      onLost: (message, takenOver) => {
        lost = message;
        ending = takenOver ? TAKEN_OVER : LEASE_LOST;
        o.print?.(`✗ ${message}`);
        window?.halt(message);
      },
    });
  } catch (e) {
    if (!(e instanceof WindowHeldError)) throw e;
    await o.journal.note(`not started: ${e.message}`);
    return e;
  }
  return {
    share,
    lost: () => lost,
    ending: () => ending,
    attach(w) {
      window = w;
      share?.follow(w.store);
      if (lost) w.halt(lost);
    },
  };
}

/**
 * A window refused because another one holds the release: headless says so
 * (exit 1); the cockpit opens read-only on the holder's window instead.
 */
export async function refuse(command: string, held: WindowHeldError, o: { interactive: boolean; journal: Journal; flags: CockpitFlags; session: FollowSession }): Promise<number> {
  if (!o.interactive) {
    process.stderr.write(`helmdeck: ${command}: ${held.message}\n`);
    return 1;
  }
  await o.journal.close(REFUSED);
  return (await import('./follow.js')).followHolder(o.flags, o.session, held);
}

// The runbook as it was when the window started: a teammate can tell whether they run the same one.
function runbookDigest(file: string): string | undefined {
  try {
    return `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
  } catch {
    return undefined;
  }
}

/** Who the operator is, as the journal names them. */
export function operatorName(): string {
  if (process.env.USER || process.env.LOGNAME) return (process.env.USER || process.env.LOGNAME)!;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
