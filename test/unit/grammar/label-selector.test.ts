// One label-selector grammar: the product (log tails, runbook selectors,
// which pods a workload owns) and kubesim (labelSelector queries) accept,
// refuse and match alike.
import { describe, expect, it } from 'vitest';
import { labelMatcher } from '../../../src/kube/label-selector.js';
import { ApiError } from '../../../src/sim/api/errors.js';
import { parseLabelSelector as simParse } from '../../../src/sim/store/selectors.js';
import { matchesSelector } from '../../../src/status/fields.js';

const pod = { app: 'shop', tier: 'web', 'app.kubernetes.io/name': 'migrate', replicas: '3' };

describe('the product and kubesim read a selector alike', () => {
  it.each([
    ['app=shop', true],
    ['app==shop,tier!=db', true],
    ['tier in (web,api)', true],
    ['tier notin (web)', false],
    ['app.kubernetes.io/name=migrate', true],
    ['!missing', true],
    ['missing', false],
    ['replicas>2', true],
    ['replicas<3', false],
    ['', true],
    // "app=" selects app == "".
    ['app=', false],
  ])('%j matches the pod: %s', (selector, expected) => {
    expect(labelMatcher(selector)(pod)).toBe(expected);
    expect(simParse(selector)(pod)).toBe(expected);
  });

  it.each(['a in b', 'in (x)', 'app=shop,', 'Bad_Prefix.com/x=y', 'x=' + 'v'.repeat(64)])('%j: refused by both, with the API server’s words', (selector) => {
    let apiMessage = '';
    try {
      simParse(selector);
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      apiMessage = (e as Error).message;
    }
    expect(apiMessage).not.toBe('');
    expect(() => labelMatcher(selector)).toThrow(`invalid label selector "${selector}": ${apiMessage}`);
  });
});

describe('a workload selector (metav1.LabelSelector) in status rules', () => {
  it('matches labels and expressions, nothing when absent, everything when empty', () => {
    expect(matchesSelector({ matchLabels: { app: 'shop' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, pod)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, pod)).toBe(false);
    expect(matchesSelector(undefined, pod)).toBe(false);
    expect(matchesSelector({}, pod)).toBe(true);
  });

  it('an operator the API would refuse matches nothing rather than a guess', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'Maybe', values: ['web'] }] }, pod)).toBe(false);
  });
});
