// Which theme state (colour and symbol) each domain status is shown in. One
// place, so "failed" looks the same in Pods, Rollout, HPA, lag and history.
import type { ReleaseStatus } from '../../helm/release-types.js';
import type { CaughtUpStatus } from '../../lag/caught-up.js';
import type { RolloutState } from '../../status/index.js';
import type { StateName } from '../theme/theme-types.js';

/** A rollout verdict's state. */
export function rolloutTone(s: RolloutState): StateName {
  return s === 'current' ? 'ok' : s === 'in-progress' ? 'progressing' : s;
}

/** A Helm revision status's state: pending-* is an operation in flight (or stuck), superseded is history. */
export function releaseTone(s: ReleaseStatus): StateName {
  if (s === 'deployed') return 'ok';
  if (s === 'failed') return 'failed';
  if (s.startsWith('pending-') || s === 'uninstalling') return 'progressing';
  if (s === 'uninstalled') return 'warning';
  return 'unknown';
}

/** Superseded revisions are settled history, neither good nor unknown: drawn muted with this mark instead of a state symbol. */
export const HISTORY_MARK = '·';

/** Whether a revision status is settled history (superseded) rather than a state to judge. */
export function isHistory(s: ReleaseStatus): boolean {
  return s === 'superseded';
}

/** A consumer group's caught-up verdict's state: a group without members consumes nothing, which is a failure. */
export function lagTone(s: CaughtUpStatus): StateName {
  return s === 'caught-up' ? 'ok' : s === 'behind' ? 'warning' : s === 'no-members' ? 'failed' : 'unknown';
}

/** The worse of two states (failed > warning > progressing > unknown > ok). */
export function worse(a: StateName | undefined, b: StateName): StateName {
  const rank: Record<StateName, number> = { ok: 0, unknown: 1, progressing: 2, warning: 3, failed: 4 };
  return a === undefined || rank[b] > rank[a] ? b : a;
}
