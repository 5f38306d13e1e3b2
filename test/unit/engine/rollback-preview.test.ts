// What the rollback prompt says a hook did: helm writes "Running" when it
// starts a hook and the outcome only with the release's next record, so the
// live Job (or its deletion policy) says better than an in-flight record.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookOutcome, migrationWarnings } from '../../../src/engine/rollback-preview.js';
import type { HelmHook, HelmRevision } from '../../../src/helm/release-types.js';
import type { KubeObject } from '../../../src/kube/types.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'status', 'workloads');
const job = (file: string): KubeObject => JSON.parse(readFileSync(join(fixtures, file), 'utf8')).items[0];

const hook = (phase: string, deletePolicies: string[] = ['before-hook-creation']): HelmHook => ({
  name: 'web-migrate', kind: 'Job', path: 'templates/migrate.yaml', events: ['pre-upgrade'], lastRun: { phase }, weight: 0, deletePolicies, manifest: '',
});

describe('hookOutcome', () => {
  it.each([
    ['a recorded outcome stands', hook('Succeeded'), undefined, 'Succeeded'],
    ['a recorded failure stands', hook('Failed'), job('job-complete.json'), 'Failed'],
    ['"Running" with a completed Job is Succeeded', hook('Running'), job('job-complete.json'), 'Succeeded'],
    ['"Running" with a failed Job is Failed', hook('Running'), job('job-failed.json'), 'Failed'],
    ['"Running" with a running Job is Running', hook('Running'), job('job-running.json'), 'Running'],
    ['a hook-succeeded Job that is gone succeeded', hook('Running', ['hook-succeeded']), undefined, 'Succeeded, then deleted'],
    ['otherwise the record is all there is', hook('Running'), undefined, 'started; its outcome is not recorded'],
  ])('%s', (_what, h, live, want) => {
    expect(hookOutcome(h, () => live)).toBe(want);
  });

  it('is what the rollback warning says', () => {
    const rev = { revision: 2, hooks: [hook('Running')] } as unknown as HelmRevision;
    expect(migrationWarnings([rev], 1, undefined, () => job('job-complete.json'))[0]).toBe(
      'revision 2 ran the pre-upgrade hook Job/web-migrate (Succeeded): whatever it changed (e.g. a database migration) is not undone by a rollback',
    );
  });
});
