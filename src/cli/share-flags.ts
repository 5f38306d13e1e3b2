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
import { shareWindow, type SharedWindow } from '../share/share-window.js';
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
  onLost: (message: string) => void;
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
