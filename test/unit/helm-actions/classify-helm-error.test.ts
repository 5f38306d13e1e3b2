// helm's failure messages (as helm v4 prints them) → what happened and what to do.
import { describe, expect, it } from 'vitest';
import { classifyHelmError } from '../../../src/helm/actions/classify-helm-error.js';

const cases: [string, string, string][] = [
  ['another-operation', 'Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress', 'pending'],
  [
    'rollback-failed',
    'Error: UPGRADE FAILED: an error occurred while rolling back the release. original upgrade error: context deadline exceeded: timed out',
    'rollback failed too',
  ],
  [
    'timeout',
    'level=WARN msg="upgrade failed" name=shop error="resource Deployment/shop/shop-web not ready. status: InProgress"\nError: UPGRADE FAILED: resource Deployment/shop/shop-web not ready. status: InProgress, message: Available: 0/3\ncontext deadline exceeded',
    'did not become ready',
  ],
  ['not-found', 'Error: release: not found', 'does not exist'],
  ['not-found', 'Error: release has no 99 version', 'revision'],
  ['not-found', 'Error: UPGRADE FAILED: "shop" has no deployed releases', 'does not exist'],
  [
    'conflict',
    'Error: UPGRADE FAILED: conflict occurred while applying object shop/shop-web apps/v1, Kind=Deployment: Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    'field manager',
  ],
  ['hook-failed', 'Error: UPGRADE FAILED: pre-upgrade hooks failed: 1 error occurred:\n\t* job shop-migrate failed: BackoffLimitExceeded', 'hook'],
  ['unknown', 'Error: something nobody has seen before', 'something nobody has seen before'],
];

describe('classifyHelmError', () => {
  it.each(cases)('%s: %s', (kind, stderr, phrase) => {
    const c = classifyHelmError(stderr, { release: 'shop' });
    expect(c.kind).toBe(kind);
    expect(c.explanation.toLowerCase()).toContain(phrase.toLowerCase());
    expect(c.guidance).not.toBe('');
    expect(c.detail).not.toMatch(/^Error:/);
  });

  it('guides a pending-* release to a rollback to the last deployed revision, never deleting release Secrets', () => {
    const c = classifyHelmError('Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress', { release: 'shop', lastGoodRevision: 4 });
    expect(c.guidance).toContain('helm rollback shop 4');
    expect(c.guidance).toContain('never deletes release Secrets');
    expect(classifyHelmError('another operation (install/upgrade/rollback) is in progress').guidance).toContain('helm rollback RELEASE N');
  });

  it('says when helm rolled back on its own, and names a hook timeout', () => {
    const stderr =
      'Error: UPGRADE FAILED: release shop failed, and has been rolled back due to rollback-on-failure being set: pre-upgrade hooks failed: resource Job/shop/shop-migrate not ready. status: InProgress, message: Job in progress\ncontext deadline exceeded';
    const c = classifyHelmError(stderr, { release: 'shop' });
    expect(c.kind).toBe('timeout');
    expect(c.rolledBack).toBe(true);
    expect(c.explanation).toMatch(/hook.*--timeout.*rolled shop back/);
    expect(c.detail).toMatch(/^UPGRADE FAILED: release shop failed/);
  });

  it('does not claim a rollback that did not happen', () => {
    expect(classifyHelmError('Error: UPGRADE FAILED: context deadline exceeded').rolledBack).toBe(false);
  });
});
