// runCheck: dispatch by kind, timestamps from the context's clock, a
// throwing check turned into a failed result, cancellation into a skip; and
// the small kinds (manual, diff, secret-present, helm-test) verdicts.
import { describe, expect, it } from 'vitest';
import { judgeHelmTest } from '../../../src/runbook/checks/helm-test.js';
import { CHECKS, runCheck } from '../../../src/runbook/checks/index.js';
import { judgeSecretKeys } from '../../../src/runbook/checks/secret-present.js';
import type { Step } from '../../../src/runbook/types.js';

const clock = () => {
  let t = 1_000;
  return () => (t += 5);
};
const base = { title: 't', required: true };

describe('runCheck', () => {
  it('stamps id, kind and times; a manual step waits for its acknowledgement', async () => {
    const step: Step = { ...base, id: 'preflight.1.manual', kind: 'manual', text: 'Review the release notes for 0.4.0', link: 'https://example.invalid/notes' };
    expect(await runCheck(step, { now: clock() } as never)).toEqual({
      id: 'preflight.1.manual', kind: 'manual', status: 'skip', summary: 'waiting for acknowledgement',
      evidence: ['Review the release notes for 0.4.0', 'link: https://example.invalid/notes'], startedAt: 1_005, endedAt: 1_010,
    });
  });

  it('turns a check that throws into a failed result naming the kind', async () => {
    const r = await runCheck({ ...base, id: 'x', kind: 'pods-healthy' }, { now: clock() } as never);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/^the pods-healthy check could not run: /);
  });

  it('skips a step whose signal was already aborted, without running it', async () => {
    const ac = new AbortController();
    ac.abort();
    let called = false;
    const r = await runCheck({ ...base, id: 'x', kind: 'diff' }, { now: clock(), signal: ac.signal, diff: async () => ((called = true), []) } as never);
    expect(r).toMatchObject({ status: 'skip', summary: 'cancelled before it started' });
    expect(called).toBe(false);
  });

  it('has one check per step kind', () => {
    expect(Object.values(CHECKS).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.keys(CHECKS)).toHaveLength(15);
  });
});

describe('diff', () => {
  const step: Step = { ...base, id: 'd', kind: 'diff' };
  it('carries the diff lines as evidence and counts the changed ones', async () => {
    const lines = ['--- a/values', '+++ b/values', '@@', '-image.tag: 0.3.2', '+image.tag: 0.4.0', ' replicas: 3'];
    expect(await runCheck(step, { now: clock(), diff: async () => lines } as never)).toMatchObject({ status: 'pass', summary: '2 changed line(s) against the deployed revision', evidence: lines });
    expect(await runCheck(step, { now: clock(), diff: async () => [] } as never)).toMatchObject({ status: 'pass', summary: 'no changes against the deployed revision' });
  });

  it('warns without a diff engine and fails when the target cannot be rendered', async () => {
    expect(await runCheck(step, { now: clock() } as never)).toMatchObject({ status: 'warn' });
    expect(await runCheck(step, { now: clock(), diff: async () => { throw new Error('helm template failed'); } } as never)).toMatchObject({
      status: 'fail', summary: 'the target cannot be rendered, so helm upgrade would fail too: helm template failed',
    });
  });

  it('bounds a huge diff', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `+line ${i}`);
    const r = await runCheck(step, { now: clock(), diff: async () => lines } as never);
    expect(r.evidence).toHaveLength(401);
    expect(r.evidence.at(-1)).toBe('… 600 more line(s) not shown');
  });
});

describe('judgeSecretKeys', () => {
  it('passes with every wanted key, fails naming the missing ones; only names appear', () => {
    expect(judgeSecretKeys('beacon-db', ['password', 'user'], ['user', 'password'])).toEqual({
      status: 'pass', summary: 'secret "beacon-db" exists with user, password', evidence: ['keys present: password, user'],
    });
    expect(judgeSecretKeys('beacon-db', ['user'], ['user', 'password'])).toEqual({
      status: 'fail', summary: 'secret "beacon-db" lacks key(s): password', evidence: ['keys present: user', 'missing: password'],
    });
    expect(judgeSecretKeys('empty', [], []).evidence).toEqual(['keys present: (none)']);
  });
});

describe('judgeHelmTest', () => {
  const shown = '$ helm test beacon -n watchlight --timeout 300s';
  it.each([
    [0, 'NAME: beacon\nTEST SUITE:     beacon-test-connection\nLast Started:   x\nPhase:          Succeeded\n', 'pass', 'helm test passed (1 test hook(s) succeeded)'],
    [0, 'NAME: beacon\nTEST SUITE: None\n', 'warn', 'the chart has no tests: nothing was verified'],
    [1, 'NAME: beacon\nPhase:          Failed\nError: 1 error occurred:\n\t* pod beacon-test-connection failed\n', 'fail', 'helm test exited 1: 1 error occurred:'],
  ])('exit %i → %s', (code, output, status, summary) => {
    expect(judgeHelmTest(code, output, shown)).toMatchObject({ status, summary });
  });

  it('fails a timeout and a helm that could not start', () => {
    expect(judgeHelmTest(undefined, '', shown, { timedOut: true }).summary).toBe('helm test did not finish in time and was stopped');
    expect(judgeHelmTest(undefined, '', shown, { failure: 'spawn /opt/helm ENOENT' }).summary).toBe('helm could not run: spawn /opt/helm ENOENT');
  });
});
