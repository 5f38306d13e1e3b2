// Versions and ranges as Helm reads them (Masterminds/semver v3): what is
// accepted and coerced, how versions order, and which versions a range
// holds — the cases are Masterminds' own documented ones.
import { describe, expect, it } from 'vitest';
import { compareSemVer, formatSemVer, parseSemVer } from '../../../src/helm/semver.js';
import { parseConstraint, satisfies } from '../../../src/helm/semver-constraint.js';

describe('parseSemVer (Masterminds NewVersion)', () => {
  it.each([
    ['1.2', '1.2.0'],
    ['1', '1.0.0'],
    ['v1.2', '1.2.0'],
    ['01.02.03', '1.2.3'],
    ['1.2-beta.1', '1.2.0-beta.1'],
    ['1.2.3+build.7', '1.2.3+build.7'],
    ['1.0.0-alpha-a.b-c', '1.0.0-alpha-a.b-c'],
  ])('accepts %s as %s', (text, full) => {
    expect(formatSemVer(parseSemVer(text)!)).toBe(full);
  });

  it.each(['', 'latest', 'V1.2.3', '1.2.3.4', '1.2.3-', '1.2.3-01', '1.2.3+', '1..2', '~1.2'])('refuses %j', (text) => {
    expect(parseSemVer(text)).toBeUndefined();
  });

  it('orders coerced and full versions together', () => {
    const sorted = ['2', '1.10', '1.2.0-rc.1', '1.2', '1.2.1', '0.9.9'].map((t) => parseSemVer(t)!).sort(compareSemVer).map((v) => v.text);
    expect(sorted).toEqual(['0.9.9', '1.2.0-rc.1', '1.2', '1.2.1', '1.10', '2']);
    expect(compareSemVer(parseSemVer('1.2')!, parseSemVer('1.2.0')!)).toBe(0);
  });
});

describe('constraints (Masterminds NewConstraint + Check)', () => {
  it.each([
    ['^1.2.3', ['1.2.3', '1.9.0'], ['1.2.2', '2.0.0', '1.3.0-beta']],
    ['^1.2', ['1.2.0', '1.99.0'], ['1.1.9', '2.0.0']],
    ['^0.2.3', ['0.2.3', '0.2.9'], ['0.3.0', '0.2.2']],
    ['^0.0.3', ['0.0.3'], ['0.0.4']],
    ['^0', ['0.0.1', '0.9.0'], ['1.0.0']],
    ['~1.2.3', ['1.2.3', '1.2.9'], ['1.3.0', '1.2.2']],
    ['~1.2', ['1.2.0', '1.2.7'], ['1.3.0']],
    ['~1', ['1.0.0', '1.9.9'], ['2.0.0']],
    ['1.2.x', ['1.2.0', '1.2.9'], ['1.3.0']],
    ['1.2', ['1.2.0', '1.2.5'], ['1.3.0']],
    ['*', ['0.0.1', '9.9.9'], ['1.0.0-rc.1']],
    ['>= 1.2, < 3.0.0', ['1.2.0', '2.9.9'], ['3.0.0', '1.1.0']],
    ['>=1.2 <3', ['2.0.0'], ['3.0.0']],
    ['>1.1', ['1.2.0'], ['1.1.9']],
    ['<=2.x', ['2.9.0'], ['3.0.0']],
    ['!=1.2.3', ['1.2.4'], ['1.2.3']],
    ['1.1 - 1.3', ['1.1.0', '1.3.0'], ['1.4.0', '1.0.9']],
    ['^1.0 || ^3.0', ['1.5.0', '3.1.0'], ['2.0.0']],
    ['>=1.0.0-0', ['1.0.0-rc.1', '1.2.0'], ['0.9.0']],
    ['=1.2.3', ['1.2.3', 'v1.2.3'], ['1.2.4']],
  ])('%s', (range, inside, outside) => {
    const c = parseConstraint(range)!;
    expect(c, range).toBeDefined();
    for (const v of inside) expect(satisfies(parseSemVer(v)!, c), `${v} in ${range}`).toBe(true);
    for (const v of outside) expect(satisfies(parseSemVer(v)!, c), `${v} not in ${range}`).toBe(false);
  });

  it.each(['', 'latest', '>>1.0', '1.2.3 |', '~ab'])('refuses %j', (range) => {
    expect(parseConstraint(range)).toBeUndefined();
  });
});

describe('compareSemVer', () => {
  it('orders by SemVer precedence', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0'];
    const parsed = order.map((v) => parseSemVer(v)!);
    for (let i = 1; i < parsed.length; i++) expect(compareSemVer(parsed[i - 1]!, parsed[i]!), `${order[i - 1]} < ${order[i]}`).toBeLessThan(0);
  });
});
