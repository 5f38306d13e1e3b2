import { describe, expect, it } from 'vitest';
import { OOM_RECENT_MS, podHealth, SCHEDULE_GRACE_MS, type Severity } from '../../../src/status/index.js';
import { fixture, NOW } from './load.js';

const NEW_IMAGE = 'registry.example.com/shop/web:2.5.0';

interface Row {
  file: string;
  reason: string;
  severity: Severity;
  readyText: string;
  ready: boolean;
  restarts: number;
  /** A substring of the message, or null when there must be none. */
  message: string | null;
}

// One row per STATUS word kubectl prints; expectations come from kubectl's printPod rules.
const rows: Row[] = [
  { file: 'running', reason: 'Running', severity: 'ok', readyText: '1/1', ready: true, restarts: 0, message: null },
  { file: 'running-restarted', reason: 'Running', severity: 'warning', readyText: '1/1', ready: true, restarts: 2, message: 'last exit: ' },
  { file: 'running-not-ready', reason: 'Running', severity: 'progressing', readyText: '1/2', ready: false, restarts: 0, message: null },
  { file: 'pending', reason: 'Pending', severity: 'progressing', readyText: '0/1', ready: false, restarts: 0, message: null },
  { file: 'unschedulable', reason: 'Unschedulable', severity: 'failed', readyText: '0/1', ready: false, restarts: 0, message: '0/3 nodes are available: 3 Insufficient cpu.' },
  { file: 'scheduling-gated', reason: 'SchedulingGated', severity: 'progressing', readyText: '0/1', ready: false, restarts: 0, message: 'scheduling gates' },
  { file: 'container-creating', reason: 'ContainerCreating', severity: 'progressing', readyText: '0/1', ready: false, restarts: 0, message: null },
  { file: 'init-running', reason: 'Init:0/1', severity: 'progressing', readyText: '0/1', ready: false, restarts: 0, message: null },
  { file: 'init-error', reason: 'Init:Error', severity: 'failed', readyText: '0/1', ready: false, restarts: 1, message: 'last exit: ' },
  { file: 'init-crashloop', reason: 'Init:CrashLoopBackOff', severity: 'failed', readyText: '0/1', ready: false, restarts: 4, message: 'restarting failed container=migrate' },
  { file: 'pod-initializing', reason: 'PodInitializing', severity: 'progressing', readyText: '0/1', ready: false, restarts: 0, message: null },
  { file: 'err-image-pull', reason: 'ErrImagePull', severity: 'failed', readyText: '0/1', ready: false, restarts: 0, message: `failed to pull and unpack image "${NEW_IMAGE}"` },
  { file: 'image-pull-backoff', reason: 'ImagePullBackOff', severity: 'failed', readyText: '0/1', ready: false, restarts: 0, message: `Back-off pulling image "${NEW_IMAGE}"` },
  { file: 'crashloop', reason: 'CrashLoopBackOff', severity: 'failed', readyText: '0/1', ready: false, restarts: 5, message: 'back-off 2m40s restarting failed container=web' },
  { file: 'crashloop-oom', reason: 'CrashLoopBackOff', severity: 'failed', readyText: '0/1', ready: false, restarts: 3, message: 'back-off' },
  { file: 'oomkilled', reason: 'OOMKilled', severity: 'failed', readyText: '0/1', ready: false, restarts: 2, message: 'last exit: ' },
  { file: 'running-after-oom', reason: 'Running', severity: 'failed', readyText: '1/1', ready: true, restarts: 1, message: 'last exit: ' },
  { file: 'create-container-config-error', reason: 'CreateContainerConfigError', severity: 'failed', readyText: '0/1', ready: false, restarts: 0, message: 'secret "web-db-credentials" not found' },
  { file: 'error', reason: 'Error', severity: 'failed', readyText: '0/1', ready: false, restarts: 0, message: null },
  { file: 'completed', reason: 'Completed', severity: 'ok', readyText: '0/1', ready: false, restarts: 0, message: null },
  { file: 'terminating', reason: 'Terminating', severity: 'progressing', readyText: '1/1', ready: true, restarts: 0, message: null },
  { file: 'evicted', reason: 'Evicted', severity: 'failed', readyText: '0/1', ready: false, restarts: 0, message: 'The node was low on resource: memory.' },
  // Current kubelets leave a ContainerStatusUnknown container behind; kubectl prints that, the eviction note stays the message.
  { file: 'evicted-container-unknown', reason: 'ContainerStatusUnknown', severity: 'failed', readyText: '0/1', ready: false, restarts: 0, message: 'The node was low on resource: ephemeral-storage.' },
  { file: 'node-lost', reason: 'Unknown', severity: 'warning', readyText: '0/1', ready: false, restarts: 0, message: 'Node worker-3 which was running pod web is unresponsive' },
  { file: 'sidecar', reason: 'Running', severity: 'ok', readyText: '2/2', ready: true, restarts: 0, message: null },
  { file: 'not-ready-one-completed', reason: 'NotReady', severity: 'progressing', readyText: '1/2', ready: false, restarts: 0, message: null },
];

describe('podHealth', () => {
  it.each(rows)('$file → $reason ($severity)', (row) => {
    const h = podHealth(fixture(`pods/${row.file}`), NOW);
    expect(h.reason).toBe(row.reason);
    expect(h.severity).toBe(row.severity);
    expect(h.readyText).toBe(row.readyText);
    expect(h.ready).toBe(row.ready);
    expect(h.restarts).toBe(row.restarts);
    if (row.message === null) expect(h.message).toBeUndefined();
    else expect(h.message).toContain(row.message);
  });

  it('names the pod and its phase as the API has them', () => {
    const h = podHealth(fixture('pods/crashloop-oom'), NOW);
    expect(h.name).toMatch(/^web-7d4b9c8f6d-/);
    expect(h.namespace).toBe('shop');
    expect(h.phase).toBe('Running');
  });

  it('keeps the OOMKill behind a CrashLoopBackOff as the pod and container last termination', () => {
    const h = podHealth(fixture('pods/crashloop-oom'), NOW);
    expect(h.lastTermination).toEqual({ container: 'web', reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-11-21T21:26:48Z' });
    expect(h.lastRestartAt).toBe('2026-11-21T21:26:48Z');
    expect(h.containers).toEqual([
      expect.objectContaining({ name: 'web', state: 'waiting', reason: 'CrashLoopBackOff', restarts: 3, init: false, ready: false, lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-11-21T21:26:48Z' } }),
    ]);
  });

  it.each([
    { label: 'three minutes after the OOMKill', now: NOW, severity: 'failed' },
    { label: 'an hour after the OOMKill', now: Date.parse('2026-11-21T22:26:58Z') + OOM_RECENT_MS + 3_600_000, severity: 'warning' },
  ])('a ready container that was OOMKilled: $label → $severity', ({ now, severity }) => {
    expect(podHealth(fixture('pods/running-after-oom'), now).severity).toBe(severity);
  });

  it('an init container that was OOMKilled once and then completed is a restart, not a failure', () => {
    const pod = fixture('pods/pod-initializing');
    const init = pod.status.initContainerStatuses[0];
    init.restartCount = 1;
    init.lastState = { terminated: { exitCode: 137, finishedAt: '2026-11-21T21:20:02Z', reason: 'OOMKilled', startedAt: '2026-11-21T21:20:01Z' } };
    const h = podHealth(pod, NOW);
    expect(h.severity).toBe('warning');
    expect(h.lastTermination).toMatchObject({ container: 'migrate', reason: 'OOMKilled' });
  });

  it('a pod the API has not written a status for yet reads as Pending', () => {
    const pod = fixture('pods/pending');
    delete pod.status;
    expect(podHealth(pod, NOW)).toMatchObject({ phase: 'Pending', reason: 'Pending', severity: 'progressing', readyText: '0/1' });
  });

  it.each([
    { label: 'within the scheduling grace', offset: SCHEDULE_GRACE_MS - 5_000, severity: 'progressing' },
    { label: 'after the scheduling grace', offset: SCHEDULE_GRACE_MS + 5_000, severity: 'failed' },
  ])('an Unschedulable pod $label → $severity', ({ offset, severity }) => {
    const pod = fixture('pods/unschedulable');
    const h = podHealth(pod, Date.parse(pod.metadata.creationTimestamp) + offset);
    expect(h.reason).toBe('Unschedulable');
    expect(h.severity).toBe(severity);
  });

  it('lists init containers first, with spec images, and all images once', () => {
    const h = podHealth(fixture('pods/init-crashloop'), NOW);
    expect(h.containers.map((c) => [c.name, c.init, c.state, c.reason])).toEqual([
      ['migrate', true, 'waiting', 'CrashLoopBackOff'],
      ['web', false, 'waiting', 'PodInitializing'],
    ]);
    expect(h.images).toEqual([NEW_IMAGE]);
  });

  it('uses the spec image, not the resolved one the kubelet reports', () => {
    const h = podHealth(fixture('pods/sidecar'), NOW);
    expect(h.images).toEqual(['fluent/fluent-bit:3.1.9', 'registry.example.com/shop/web:2.4.1']);
    expect(h.containers.find((c) => c.name === 'log-shipper')).toMatchObject({ init: true, ready: true, state: 'running' });
  });

  it('shows containers of an unscheduled pod from the spec, waiting without a reason', () => {
    const h = podHealth(fixture('pods/unschedulable'), NOW);
    expect(h.containers).toEqual([{ name: 'web', image: NEW_IMAGE, ready: false, state: 'waiting', reason: undefined, message: undefined, restarts: 0, lastTermination: undefined, init: false }]);
  });

  it('counts init container restarts with the app containers', () => {
    const pod = fixture('pods/init-error');
    pod.status.containerStatuses[0].restartCount = 2;
    expect(podHealth(pod, NOW).restarts).toBe(3);
  });

  it('reads client-node objects, whose timestamps are Date instances', () => {
    const pod = fixture('pods/running-after-oom');
    const last = pod.status.containerStatuses[0].lastState.terminated;
    last.finishedAt = new Date(last.finishedAt);
    pod.metadata.creationTimestamp = new Date(pod.metadata.creationTimestamp);
    const h = podHealth(pod, NOW);
    expect(h.lastRestartAt).toBe('2026-11-21T22:26:58Z');
    expect(h.severity).toBe('failed');
  });

  it('trims the trailing space of an eviction note', () => {
    expect(podHealth(fixture('pods/evicted'), NOW).message).toMatch(/memory\.$/);
  });
});
