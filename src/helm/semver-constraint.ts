// Version ranges as Helm reads `--version` and dependency versions
// (Masterminds/semver constraints): `^1.2`, `~1.2.3`, `>=1.0 <2.0`,
// `1.2.x`, `1.0 - 1.4`, `||` between alternatives; pre-releases match only
// when a constraint of the same alternative names one. Pure.
import { compareSemVer, parseSemVer, type SemVer } from './semver.js';

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

interface Part {
  op: Op;
  v: SemVer;
  /** A wildcard or missing component: `1.x` (minor dirty), `1.2` or `1.2.x` (patch dirty). */
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

/** A parsed range: alternatives (||) of all-of groups. */
export interface Constraint {
  text: string;
  groups: { parts: Part[]; hasPre: boolean }[];
}

const CV = String.raw`v?([0-9xX*]+)(\.[0-9xX*]+)?(\.[0-9xX*]+)?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?`;
const CV_BARE = CV.replace(/\((?!\?)/g, '(?:');
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
const ONE = new RegExp(String.raw`^\s*(${OPS})\s*(${CV_BARE})\s*$`);
const FIND = new RegExp(String.raw`(${OPS})\s*(${CV_BARE})`, 'g');
const VALID = new RegExp(String.raw`^(?:\s*(?:${OPS})\s*(?:${CV_BARE})\s*)(?:(?:\s+|,\s*)(?:${OPS})\s*(?:${CV_BARE})\s*)*$`);
const HYPHEN = new RegExp(String.raw`\s*(${CV_BARE})\s+-\s+(${CV_BARE})\s*`, 'g');
const CORE = new RegExp(`^${CV}$`);

const isX = (s: string | undefined) => s === 'x' || s === 'X' || s === '*';

function parsePart(text: string): Part | undefined {
  const m = ONE.exec(text);
  if (!m) return undefined;
  const c = CORE.exec(m[2]!);
  if (!c) return undefined;
  const major = c[1]!;
  const minor = c[2]?.slice(1);
  const patch = c[3]?.slice(1);
  const pre = c[4] ? `-${c[4]}` : '';
  let version = m[2]!;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major)) {
    version = `0.0.0${pre}`;
    dirty = true;
  } else if (minor === undefined || isX(minor)) {
    version = `${major}.0.0${pre}`;
    dirty = minorDirty = true;
  } else if (patch === undefined || isX(patch)) {
    version = `${major}.${minor}.0${pre}`;
    dirty = patchDirty = true;
  }
  const v = parseSemVer(version);
  return v ? { op: m[1] as Op, v, dirty, minorDirty, patchDirty } : undefined;
}

/** Parses a range, or returns undefined when Helm would refuse it ("improper constraint"). */
export function parseConstraint(text: string): Constraint | undefined {
  const rewritten = text.replace(HYPHEN, (_all, lo: string, hi: string) => `>= ${lo}, <= ${hi} `);
  const groups: Constraint['groups'] = [];
  for (const alt of rewritten.split('||')) {
    if (!VALID.test(alt)) return undefined;
    const found = alt.match(FIND) ?? [alt];
    const parts: Part[] = [];
    for (const f of found) {
      const p = parsePart(f);
      if (!p) return undefined;
      parts.push(p);
    }
    groups.push({ parts, hasPre: parts.some((p) => p.v.prerelease.length > 0) });
  }
  return { text, groups };
}

const lt = (a: SemVer, b: SemVer) => compareSemVer(a, b) < 0;

function tilde(v: SemVer, c: Part): boolean {
  if (lt(v, c.v)) return false;
  if (c.v.major === 0 && c.v.minor === 0 && c.v.patch === 0 && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.v.major) return false;
  return v.minor === c.v.minor || c.minorDirty;
}

function caret(v: SemVer, c: Part): boolean {
  if (lt(v, c.v)) return false;
  if (c.v.major > 0 || c.minorDirty) return v.major === c.v.major;
  if (v.major > 0) return false;
  if (c.v.minor > 0 || c.patchDirty) return v.minor === c.v.minor;
  if (v.minor > 0) return false;
  return v.patch === c.v.patch;
}

function check(v: SemVer, c: Part): boolean {
  const cmp = compareSemVer(v, c.v);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '!=':
      if (c.dirty) {
        if (v.major !== c.v.major) return true;
        if (c.minorDirty) return false;
        if (v.minor !== c.v.minor) return true;
        if (c.patchDirty) return v.prerelease.join('.') !== c.v.prerelease.join('.') && (v.prerelease.length > 0 || c.v.prerelease.length > 0);
      }
      return cmp !== 0;
    case '>':
      if (!c.dirty) return cmp > 0;
      if (v.major !== c.v.major) return v.major > c.v.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.v.minor;
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.v.major) return false;
      return !(v.major === c.v.major && v.minor > c.v.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
  }
}

/** Whether `v` is in the range; a pre-release only when its alternative names a pre-release (as Helm picks charts). */
export function satisfies(v: SemVer, c: Constraint): boolean {
  return c.groups.some((g) => (v.prerelease.length === 0 || g.hasPre) && g.parts.every((p) => check(v, p)));
}
