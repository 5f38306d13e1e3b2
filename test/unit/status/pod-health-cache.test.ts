// podHealth caches per pod object: the cached verdict must follow the clock
// across the time windows and must never outlive the pod object it was made for.
import { describe, expect, it } from 'vitest';
import { containerHealth, matchesSelector, OOM_RECENT_MS, podHealth, SCHEDULE_GRACE_MS } from '../../../src/status/index.js';
import { fixture, NOW } from './load.js';

describe('podHealth cache', () => {
  it('an Unschedulable pod turns failed once the grace passes, and back when asked about an earlier time', () => {
    const pod = fixture('pods/unschedulable');
    const created = Date.parse(pod.metadata.creationTimestamp);
    const first = podHealth(pod, created + 1_000);
    expect(first.severity).toBe('progressing');
    expect(podHealth(pod, created + SCHEDULE_GRACE_MS - 1)).toBe(first);
    expect(podHealth(pod, created + SCHEDULE_GRACE_MS).severity).toBe('failed');
    expect(podHealth(pod, created + SCHEDULE_GRACE_MS + 60_000).severity).toBe('failed');
    expect(podHealth(pod, created + 2_000).severity).toBe('progressing');
  });

  it('a ready container that was OOMKilled stops failing when the window passes', () => {
    const pod = fixture('pods/running-after-oom');
    const finished = Date.parse(pod.status.containerStatuses[0].lastState.terminated.finishedAt);
    expect(podHealth(pod, finished + 1_000).severity).toBe('failed');
    expect(podHealth(pod, finished + OOM_RECENT_MS - 1).severity).toBe('failed');
    const after = podHealth(pod, finished + OOM_RECENT_MS);
    expect(after.severity).toBe('warning');
    expect(after).toEqual({ ...podHealth(structuredClone(pod), finished + OOM_RECENT_MS) });
    expect(podHealth(pod, finished + OOM_RECENT_MS + 3_600_000)).toBe(after);
  });

  it('matches an uncached judgement at every instant around the windows', () => {
    for (const file of ['pods/unschedulable', 'pods/running-after-oom', 'pods/crashloop-oom', 'pods/running', 'pods/pending']) {
      const pod = fixture(file);
      const base = Date.parse(pod.metadata.creationTimestamp ?? '2026-11-21T22:00:00Z');
      for (const offset of [0, 1, SCHEDULE_GRACE_MS - 1, SCHEDULE_GRACE_MS, OOM_RECENT_MS, 3_600_000, 1_000]) {
        expect(podHealth(pod, base + offset)).toEqual(podHealth(structuredClone(pod), base + offset));
      }
    }
  });

  it('recomputes a changed pod object and reuses an unchanged one', () => {
    const pod = fixture('pods/running');
    const before = podHealth(pod, NOW);
    expect(podHealth(pod, NOW + 5_000)).toBe(before);
    expect(containerHealth(pod)).toBe(before.containers);
    const crashed = structuredClone(pod);
    crashed.status.containerStatuses[0].state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } };
    crashed.status.containerStatuses[0].ready = false;
    const after = podHealth(crashed, NOW);
    expect(after.reason).toBe('CrashLoopBackOff');
    expect(after.severity).toBe('failed');
    expect(podHealth(pod, NOW)).toBe(before);
  });

  it('caches selector verdicts per labels object without mixing selectors', () => {
    const labels = { app: 'web', tier: 'front' };
    const web = { matchLabels: { app: 'web' } };
    const api = { matchLabels: { app: 'api' } };
    expect(matchesSelector(web, labels)).toBe(true);
    expect(matchesSelector(api, labels)).toBe(false);
    expect(matchesSelector(web, labels)).toBe(true);
    expect(matchesSelector(web, { app: 'api' })).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, labels)).toBe(true);
  });
});
