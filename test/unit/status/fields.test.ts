import { describe, expect, it } from 'vitest';
import { matchesSelector, type LabelSelector } from '../../../src/status/index.js';
import { fixture } from './load.js';

const podLabels = () => fixture('pods/running').metadata.labels as Record<string, string>;

describe('matchesSelector', () => {
  it.each<{ label: string; selector: LabelSelector | undefined; match: boolean }>([
    { label: 'the Deployment selector', selector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'web' } }, match: true },
    { label: 'another app', selector: { matchLabels: { 'app.kubernetes.io/name': 'db' } }, match: false },
    { label: 'In', selector: { matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['6c9f7d8b54', 'x'] }] }, match: true },
    { label: 'In, value absent', selector: { matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['7d4b9c8f6d'] }] }, match: false },
    { label: 'NotIn', selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['db'] }] }, match: true },
    { label: 'NotIn, value present', selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['web'] }] }, match: false },
    { label: 'Exists', selector: { matchExpressions: [{ key: 'pod-template-hash', operator: 'Exists' }] }, match: true },
    { label: 'DoesNotExist', selector: { matchExpressions: [{ key: 'pod-template-hash', operator: 'DoesNotExist' }] }, match: false },
    { label: 'labels and expressions together', selector: { matchLabels: { 'app.kubernetes.io/name': 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, match: false },
    { label: 'an empty selector (matches all, as the API defines)', selector: {}, match: true },
    { label: 'no selector at all', selector: undefined, match: false },
    { label: 'an unknown operator', selector: { matchExpressions: [{ key: 'pod-template-hash', operator: 'Gt', values: ['1'] }] }, match: false },
  ])('$label → $match', ({ selector, match }) => {
    expect(matchesSelector(selector, podLabels())).toBe(match);
  });
});
