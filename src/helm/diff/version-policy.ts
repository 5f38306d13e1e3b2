// Decides whether a chart version change is one the runbook allows: how big
// the step is (SemVer patch/minor/major), warnings for skipped minor or major
// versions (the Alexandria and Kleidia runbooks require stepping through
// each), and a refusal to downgrade unless allowed — a downgrade does not
// undo the database migrations the newer version ran.

import { compareSemVer, parseSemVer } from '../semver.js';

/** The size of a version change. */
export type VersionChange = 'none' | 'prerelease' | 'patch' | 'minor' | 'major' | 'downgrade' | 'invalid';

/** The verdict on a version change. */
export interface VersionVerdict {
  change: VersionChange;
  allowed: boolean;
  /** One line for the checklist. */
  reason: string;
  warnings: string[];
}

/** The largest step allowed and whether going back is. */
export interface VersionPolicy {
  allow: 'patch' | 'minor' | 'major';
  allowDowngrade: boolean;
}

const RANK: Record<'patch' | 'minor' | 'major', number> = { patch: 0, minor: 1, major: 2 };

/** Judges the change from `from` to `to` against the policy; pure. */
export function versionPolicy(from: string, to: string, policy: VersionPolicy): VersionVerdict {
  const a = parseSemVer(from);
  const b = parseSemVer(to);
  if (!a || !b) {
    return { change: 'invalid', allowed: false, reason: `cannot compare chart versions "${from}" → "${to}": ${!a ? from : to} is not SemVer`, warnings: [] };
  }
  const warnings: string[] = [];
  const cmp = compareSemVer(a, b);
  if (cmp === 0) return { change: 'none', allowed: true, reason: `chart version stays ${to}`, warnings };
  if (cmp > 0) {
    warnings.push('a downgrade does not undo database migrations or other hooks the newer version ran');
    return policy.allowDowngrade
      ? { change: 'downgrade', allowed: true, reason: `downgrade ${from} → ${to}, allowed by the runbook`, warnings }
      : { change: 'downgrade', allowed: false, reason: `downgrade ${from} → ${to} refused (set allowDowngrade to permit it)`, warnings };
  }
  const change: VersionChange = a.major !== b.major ? 'major' : a.minor !== b.minor ? 'minor' : a.patch !== b.patch ? 'patch' : 'prerelease';
  if (b.major - a.major > 1) warnings.push(`skips major version${b.major - a.major > 2 ? 's' : ''} ${range(a.major + 1, b.major - 1)}: read each one's upgrade notes`);
  if (a.major === b.major && b.minor - a.minor > 1) {
    warnings.push(`skips minor version${b.minor - a.minor > 2 ? 's' : ''} ${range(a.minor + 1, b.minor - 1, `${a.major}.`)}: many charts require stepping through each minor`);
  }
  if (b.prerelease.length) warnings.push(`${to} is a pre-release`);
  // A pre-release step on the same core version is the smallest change there is.
  const size = change === 'prerelease' ? 'patch' : change;
  const allowed = RANK[size] <= RANK[policy.allow];
  const reason = allowed ? `${change} upgrade ${from} → ${to}` : `${change} upgrade ${from} → ${to} exceeds the allowed ${policy.allow} step`;
  return { change, allowed, reason, warnings };
}

function range(lo: number, hi: number, prefix = ''): string {
  const all = Array.from({ length: hi - lo + 1 }, (_, i) => `${prefix}${lo + i}`);
  return all.length > 4 ? `${all[0]}…${all.at(-1)}` : all.join(', ');
}
