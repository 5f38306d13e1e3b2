// The chart version policy, as a table.
import { describe, expect, it } from 'vitest';
import { versionPolicy, type VersionPolicy } from '../../../src/helm/diff/version-policy.js';
import { compareSemVer as compareSemver, parseSemVer as parseSemver } from '../../../src/helm/semver.js';

const minor: VersionPolicy = { allow: 'minor', allowDowngrade: false };

describe('versionPolicy', () => {
  it.each([
    ['1.2.3', '1.2.3', minor, 'none', true, []],
    ['1.2.3', '1.2.4', minor, 'patch', true, []],
    ['1.2.3', '1.3.0', minor, 'minor', true, []],
    ['v1.2.3', '1.3.0', minor, 'minor', true, []],
    ['1.2.3', '1.5.0', minor, 'minor', true, ['skips minor versions 1.3, 1.4']],
    ['1.2.3', '1.4.0', minor, 'minor', true, ['skips minor version 1.3:']],
    ['1.2.3', '2.0.0', minor, 'major', false, []],
    ['1.2.3', '2.0.0', { allow: 'major', allowDowngrade: false }, 'major', true, []],
    ['1.2.3', '4.0.0', { allow: 'major', allowDowngrade: false }, 'major', true, ['skips major versions 2, 3']],
    ['1.2.3', '1.3.0', { allow: 'patch', allowDowngrade: false }, 'minor', false, []],
    ['1.3.0', '1.2.9', minor, 'downgrade', false, ['does not undo database migrations']],
    ['1.3.0', '1.2.9', { allow: 'patch', allowDowngrade: true }, 'downgrade', true, []],
    ['1.3.0-rc.1', '1.3.0', { allow: 'patch', allowDowngrade: false }, 'prerelease', true, []],
    ['1.3.0', '1.3.0-rc.1', minor, 'downgrade', false, []],
    ['1.2.3', '1.3.0-beta.2', minor, 'minor', true, ['pre-release']],
    ['1.2.3+build.1', '1.2.3+build.2', minor, 'none', true, []],
    ['latest', '1.2.3', minor, 'invalid', false, []],
    ['1.2', '1.3', minor, 'minor', true, []],
    ['1.2', '1.2.0', minor, 'none', true, []],
    ['v2', '2.0.1', minor, 'patch', true, []],
  ] as const)('%s → %s (%o): %s, allowed %s', (from, to, policy, change, allowed, warnings) => {
    const v = versionPolicy(from, to, policy);
    expect(v.change).toBe(change);
    expect(v.allowed).toBe(allowed);
    for (const w of warnings) expect(v.warnings.join('\n')).toContain(w);
    expect(v.reason).not.toBe('');
  });
});

describe('compareSemver', () => {
  it('orders by SemVer precedence', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0'];
    const parsed = order.map((v) => parseSemver(v)!);
    for (let i = 1; i < parsed.length; i++) expect(compareSemver(parsed[i - 1]!, parsed[i]!), `${order[i - 1]} < ${order[i]}`).toBeLessThan(0);
  });
});
