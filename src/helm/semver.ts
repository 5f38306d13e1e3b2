// Chart versions as Helm reads them (Masterminds/semver's NewVersion): a
// leading "v", and a missing minor or patch coerced to 0 ("1.2" is 1.2.0,
// as `helm install --version 1.2` and Chart.yaml take it); SemVer 2.0.0
// precedence; and what kind of step one version is from another. Pure; the
// version-policy check and the diff's verdict apply rules on top.

/** A parsed version; build metadata is kept but, per the spec, never compared. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  build: string;
  text: string;
}

// Masterminds' loose form: leading zeros in the core are read as numbers ("01.2" is 1.2.0), not refused.
const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Parses a version as Helm does, or returns undefined (ranges like "~1.2" and words like "latest" are not versions). */
export function parseSemVer(text: string): SemVer | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m) return undefined;
  const prerelease = m[4] ? m[4].split('.') : [];
  // Numeric pre-release identifiers must not have leading zeros (Masterminds' validatePrerelease).
  if (prerelease.some((p) => /^0\d+$/.test(p))) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), prerelease, build: m[5] ?? '', text: text.trim() };
}

/** The version in full ("1.2" → "1.2.0"), without a leading "v". */
export function formatSemVer(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join('.')}` : ''}${v.build ? `+${v.build}` : ''}`;
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
