// The "consumers have caught up" rule the post-upgrade gate waits on. Pure:
// it judges a history of lag samples, it reads nothing. A group is caught up
// when, in the window, every partition's lag is known and within budget for
// N consecutive samples, the lag is not rising (first vs last of the window),
// and the group has members. A source's own verdict (Burrow's OK) is never
// enough on its own: Burrow says OK while the lag is still growing.
import type { LagSample } from './types.js';

/** The verdict for one group, or for all of them. */
export type CaughtUpStatus = 'caught-up' | 'behind' | 'unknown' | 'no-members';

/** The budget and how long it must hold. */
export interface CaughtUpOptions {
  /** The largest lag a partition may have (messages). */
  maxLag: number;
  /** Consecutive samples within budget needed (default 3). */
  samples?: number;
  /** Only samples this recent count (ms before `now`). */
  windowMs: number;
  /** The groups that must be caught up; missing ones are unknown. Default: every group seen. */
  groups?: string[];
  /** The current time (default: the newest sample's); pass it so stale samples read as unknown. */
  now?: number;
  /** How much the total lag may grow across the window before it counts as rising (default 0). */
  risingTolerance?: number;
  /** Whether an unreported member count makes the group unknown (default true). */
  requireMembers?: boolean;
}

/** One group's verdict with its evidence. */
export interface GroupVerdict {
  group: string;
  status: CaughtUpStatus;
  reasons: string[];
  /** Sum of the partitions' lag in the latest sample; null when any is unknown or none was read. */
  totalLag: number | null;
  /** Consecutive latest samples within budget. */
  streak: number;
  members?: number;
}

/** The verdict over all groups (the worst of them) and each group's. */
export interface CaughtUpResult {
  status: CaughtUpStatus;
  reasons: string[];
  perGroup: Record<string, GroupVerdict>;
}

type RowClass = 'ok' | 'over' | 'unknown' | 'missing';

/** Judges history (sampling rounds, oldest first) against the caught-up rule. */
export function caughtUp(history: LagSample[][], opts: CaughtUpOptions): CaughtUpResult {
  const rounds = history.filter((r) => r.length > 0);
  const now = opts.now ?? Math.max(...rounds.map(roundTime), -Infinity);
  const window = rounds.filter((r) => roundTime(r) >= now - opts.windowMs);
  const groups = opts.groups?.length ? opts.groups : [...new Set(window.flat().map((s) => s.group))].sort();
  if (groups.length === 0) {
    const why = rounds.length === 0 ? 'no lag samples yet' : `no lag sample in the last ${Math.round(opts.windowMs / 1000)} s`;
    return { status: 'unknown', reasons: [why], perGroup: {} };
  }
  const perGroup: Record<string, GroupVerdict> = {};
  for (const g of groups) perGroup[g] = judgeGroup(g, window.map((r) => r.filter((s) => s.group === g)), opts);
  const verdicts = Object.values(perGroup);
  const status = (['no-members', 'behind', 'unknown'] as const).find((s) => verdicts.some((v) => v.status === s)) ?? 'caught-up';
  const reasons = verdicts.filter((v) => status === 'caught-up' || v.status !== 'caught-up').flatMap((v) => v.reasons);
  return { status, reasons, perGroup };
}

function judgeGroup(group: string, rows: LagSample[][], opts: CaughtUpOptions): GroupVerdict {
  const need = opts.samples ?? 3;
  const classes = rows.map((r) => classify(r, opts.maxLag));
  const latest = rows.at(-1) ?? [];
  const reported = latest.map((s) => s.members).filter((m): m is number => m !== undefined);
  const members = reported.length ? Math.max(...reported) : undefined;
  let streak = 0;
  while (streak < classes.length && classes[classes.length - 1 - streak] === 'ok') streak++;
  const known = latest.every((s) => s.lag !== null) && latest.length > 0;
  const v: GroupVerdict = { group, status: 'caught-up', reasons: [], totalLag: known ? sum(latest) : null, streak };
  if (members !== undefined) v.members = members;
  const behind: string[] = [];
  const unknown: string[] = [];

  if (latest.length === 0) unknown.push(`${group}: no lag reported in the latest sample of the window`);
  const over = latest.filter((s) => s.lag !== null && s.lag > opts.maxLag).sort((a, b) => b.lag! - a.lag!);
  if (over.length) behind.push(`${group}: lag over ${opts.maxLag} on ${over.slice(0, 3).map((s) => `${where(s)} (${s.lag})`).join(', ')}${over.length > 3 ? ` and ${over.length - 3} more` : ''}`);
  const blind = latest.filter((s) => s.lag === null);
  if (blind.length) unknown.push(`${group}: lag unknown on ${blind.slice(0, 3).map(where).join(', ')}${blind.length > 3 ? ` and ${blind.length - 3} more` : ''}`);
  if (streak < need && !over.length && !blind.length && latest.length) {
    const breaker = classes[classes.length - 1 - streak];
    const msg = `${group}: within budget for ${streak} of ${need} consecutive samples`;
    if (breaker === 'over') behind.push(msg);
    else if (breaker === undefined) unknown.push(`${msg} so far`);
    else unknown.push(`${msg} (an earlier sample had ${breaker === 'missing' ? 'no data for it' : 'unknown lag'})`);
  }
  // Trend over the whole window, between the first and last fully known samples.
  const full = rows.filter((_, i) => classes[i] === 'ok' || classes[i] === 'over');
  if (full.length >= 2) {
    const first = sum(full[0]!);
    const last = sum(full.at(-1)!);
    if (last - first > (opts.risingTolerance ?? 0)) behind.push(`${group}: lag rising over the window (${first} → ${last})`);
  }
  if (members === undefined && (opts.requireMembers ?? true) && latest.length) unknown.push(`${group}: the source does not report its members`);

  if (members === 0) {
    v.status = 'no-members';
    v.reasons.push(`${group}: no members: no consumer is running`, ...behind, ...unknown);
  } else if (behind.length) {
    v.status = 'behind';
    v.reasons.push(...behind, ...unknown);
  } else if (unknown.length) {
    v.status = 'unknown';
    v.reasons.push(...unknown);
  } else {
    v.reasons.push(`${group}: lag ≤ ${opts.maxLag} on ${latest.length} partition(s) for ${streak} consecutive samples, not rising`);
  }
  return v;
}

function classify(row: LagSample[], maxLag: number): RowClass {
  if (row.length === 0) return 'missing';
  if (row.some((s) => s.lag === null)) return 'unknown';
  return row.some((s) => s.lag! > maxLag) ? 'over' : 'ok';
}

function roundTime(round: LagSample[]): number {
  return Math.max(...round.map((s) => s.at));
}

function sum(row: LagSample[]): number {
  return row.reduce((t, s) => t + (s.lag ?? 0), 0);
}

function where(s: LagSample): string {
  return s.partition === undefined ? s.topic : `${s.topic}/${s.partition}`;
}
