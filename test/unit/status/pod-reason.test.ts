import { describe, expect, it } from 'vitest';
import { podHealth, podReason } from '../../../src/status/index.js';
import { fixture, NOW } from './load.js';

// kubectl printPod branches that need a state no fixture file shows verbatim:
// each case starts from a real fixture and changes the one field the branch reads.
type Edit = (pod: any) => void;

const cases: Array<{ name: string; file: string; edit: Edit; reason: string; severity?: string }> = [
  {
    name: 'a terminated container without a reason prints its exit code',
    file: 'error',
    edit: (p) => { delete p.status.containerStatuses[0].state.terminated.reason; p.status.containerStatuses[0].state.terminated.exitCode = 2; },
    reason: 'ExitCode:2',
    severity: 'failed',
  },
  {
    name: 'a terminated container killed by a signal prints the signal',
    file: 'error',
    edit: (p) => { const t = p.status.containerStatuses[0].state.terminated; delete t.reason; t.signal = 9; t.exitCode = 137; },
    reason: 'Signal:9',
    severity: 'failed',
  },
  {
    name: 'a failed init container without a reason prints Init:ExitCode',
    file: 'init-error',
    edit: (p) => { delete p.status.initContainerStatuses[0].state.terminated.reason; },
    reason: 'Init:ExitCode:1',
    severity: 'failed',
  },
  {
    name: 'a finished pod being deleted keeps its final reason, not Terminating',
    file: 'completed',
    edit: (p) => { p.metadata.deletionTimestamp = '2026-11-21T22:29:00Z'; },
    reason: 'Completed',
    severity: 'ok',
  },
  {
    name: 'a pod whose phase is Unknown prints Unknown',
    file: 'running',
    edit: (p) => { p.status.phase = 'Unknown'; delete p.status.containerStatuses; },
    reason: 'Unknown',
    severity: 'warning',
  },
  {
    name: 'one container completed, the other running and the pod Ready prints Running',
    file: 'not-ready-one-completed',
    edit: (p) => { for (const c of p.status.conditions) if (c.type === 'Ready') c.status = 'True'; },
    reason: 'Running',
  },
];

describe('podReason (kubectl printPod)', () => {
  it.each(cases)('$name → $reason', ({ file, edit, reason, severity }) => {
    const pod = fixture(`pods/${file}`);
    edit(pod);
    expect(podReason(pod).reason).toBe(reason);
    if (severity) expect(podHealth(pod, NOW).severity).toBe(severity);
  });

  it('counts a started sidecar in READY and does not treat it as initializing', () => {
    const r = podReason(fixture('pods/sidecar'));
    expect(r).toMatchObject({ readyContainers: 2, totalContainers: 2, initializing: false, reason: 'Running' });
  });

  it('a sidecar that has not started yet holds the pod in Init', () => {
    const pod = fixture('pods/sidecar');
    const sc = pod.status.initContainerStatuses[0];
    sc.started = false;
    sc.ready = false;
    sc.state = { waiting: { reason: 'PodInitializing' } };
    for (const c of pod.status.conditions) if (c.type === 'Initialized') c.status = 'False';
    expect(podReason(pod)).toMatchObject({ reason: 'Init:0/1', initializing: true });
  });

  it('points at the container whose state decided the reason', () => {
    expect(podReason(fixture('pods/init-crashloop')).source?.name).toBe('migrate');
    expect(podReason(fixture('pods/running')).source).toBeUndefined();
  });
});
