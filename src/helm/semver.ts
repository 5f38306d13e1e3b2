// SemVer 2.0.0 as Helm reads chart versions (Masterminds/semver accepts a
// leading "v"): parsing, precedence, and what kind of step one version is
// from another. Pure; the version-policy check and the diff's verdict apply rules on top.

/** A parsed version; build metadata is kept but, per the spec, never compared. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  build: string;
  text: string;
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Parses a full SemVer version, or returns undefined (ranges like "~1.2" and partial "1.2" are not versions). */
export function parseSemVer(text: string): SemVer | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split('.') : [], build: m[5] ?? '', text: text.trim() };
}

/** Precedence: negative when a < b, 0 when equal (build metadata ignored), positive when a > b. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] - b[k];
  // A pre-release sorts before its release.
  if (!a.prerelease.length || !b.prerelease.length) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1; // numeric identifiers sort before alphanumeric ones
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The size of the step between two versions. */
export type VersionChange = 'none' | 'patch' | 'minor' | 'major';

/** Which component changed first ('patch' also covers a pre-release-only change). */
export function changeOf(from: SemVer, to: SemVer): VersionChange {
  if (from.major !== to.major) return 'major';
  if (from.minor !== to.minor) return 'minor';
  if (compareSemVer(from, to) !== 0) return 'patch';
  return 'none';
}

/** The minor (or major) versions jumped over, e.g. 1.2.x → 1.5.0 skips 1.3 and 1.4. */
export function skipped(from: SemVer, to: SemVer): string[] {
  if (compareSemVer(to, from) <= 0) return [];
  if (from.major !== to.major) return Array.from({ length: Math.max(0, to.major - from.major - 1) }, (_, i) => `${from.major + i + 1}.x`);
  return Array.from({ length: Math.max(0, to.minor - from.minor - 1) }, (_, i) => `${from.major}.${from.minor + i + 1}`);
}
