// The incremental selection must pick exactly what selectedPods picks, keep a
// workload's list while its pods are unchanged, and rematch a changed pod.
import { describe, expect, it } from 'vitest';
import { selectedPods, type LabelSelector, type Pod, type Workload } from '../../../src/status/index.js';
import { podsBySelector, selectorKey } from '../../../src/store/pod-selection.js';

const pod = (name: string, ns: string, labels: Record<string, string>): Pod => ({ metadata: { name, namespace: ns, labels } }) as Pod;
const workload = (name: string, ns: string, selector: LabelSelector | undefined): Workload =>
  ({ metadata: { name, namespace: ns }, spec: { selector } }) as Workload;

describe('podsBySelector', () => {
  const web = workload('web', 'shop', { matchLabels: { app: 'web' } });
  const api = workload('api', 'shop', { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] });
  const none = workload('none', 'shop', undefined);
  const objects = [web, api, none];
  const pods = [pod('a', 'shop', { app: 'web' }), pod('b', 'shop', { app: 'api' }), pod('c', 'other', { app: 'web' }), pod('d', 'shop', { app: 'web' })];

  it('picks what selectedPods picks, in the same order', () => {
    const lists = podsBySelector(objects, pods);
    for (const o of objects) expect(lists.get(selectorKey(o))).toEqual(selectedPods(o, pods));
  });

  it('keeps unchanged lists and rematches a replaced pod', () => {
    const first = podsBySelector(objects, pods);
    const moved = [...pods];
    moved[1] = pod('b', 'shop', { app: 'other' });
    const second = podsBySelector(objects, moved);
    expect(second.get(selectorKey(web))).toBe(first.get(selectorKey(web)));
    expect(second.get(selectorKey(api))).not.toBe(first.get(selectorKey(api)));
    for (const o of objects) expect(second.get(selectorKey(o))).toEqual(selectedPods(o, moved));
  });

  it('follows pods added and removed anywhere in the list', () => {
    podsBySelector(objects, pods);
    for (const next of [pods.slice(1), [pod('z', 'shop', { app: 'api' }), ...pods], [pods[0]!, pods[2]!, pods[3]!], []]) {
      const lists = podsBySelector(objects, next);
      for (const o of objects) expect(lists.get(selectorKey(o))).toEqual(selectedPods(o, next));
    }
  });

  it('rematches every pod when the selectors change', () => {
    podsBySelector(objects, pods);
    const narrowed = workload('web', 'shop', { matchLabels: { app: 'api' } });
    const lists = podsBySelector([narrowed, api], pods);
    expect(lists.get(selectorKey(narrowed))).toEqual(selectedPods(narrowed, pods));
    expect(lists.get(selectorKey(api))).toEqual(selectedPods(api, pods));
  });
});
