// Release and namespace names, judged as Kubernetes (RFC 1123 labels) and
// Helm (DNS subdomains of at most 53 characters) judge them.
import { describe, expect, it } from 'vitest';
import { namespaceProblem, releaseProblem } from '../../../src/cli/names.js';

describe('namespaceProblem', () => {
  it.each(['default', 'kube-system', 'a', 'team-42', 'x'.repeat(63)])('%s is valid', (n) => expect(namespaceProblem(n)).toBeUndefined());
  it.each([
    ['', 'must not be empty'],
    ['Bad_NS!', 'must consist of lower-case letters'],
    ['-lead', 'must consist of lower-case letters'],
    ['trail-', 'must consist of lower-case letters'],
    ['has.dot', 'must consist of lower-case letters'],
    ['x'.repeat(64), 'is 64 characters long; at most 63 are allowed'],
  ])('%j is refused: %s', (n, why) => expect(namespaceProblem(n)).toContain(why));
});

describe('releaseProblem', () => {
  it.each(['shop', 'shop-v2', 'a.b-c', 'x'.repeat(53)])('%s is valid', (n) => expect(releaseProblem(n)).toBeUndefined());
  it.each([
    ['', 'must not be empty'],
    ['Shop', 'must consist of lower-case letters'],
    ['../../etc', 'must consist of lower-case letters'],
    ['a..b', 'must consist of lower-case letters'],
    ['shop_v2', 'must consist of lower-case letters'],
    ['x'.repeat(54), 'Helm allows at most 53'],
  ])('%j is refused: %s', (n, why) => expect(releaseProblem(n)).toContain(why));
});
