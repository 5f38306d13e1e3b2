import { describe, it, expect } from 'vitest';
import {
  formatLabelSelector,
  formatLabels,
  labelSelectorString,
  matcherFromLabelSelector,
  matcherFromMap,
  parseFieldSelector,
  parseLabelSelector,
  type LabelSelector,
} from '../../../src/sim/store/selectors.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { apiErrorOf } from '../../helpers/api-error.js';

const web = { app: 'web', tier: 'frontend', 'app.kubernetes.io/instance': 'shop', replicas: '3' };
const db = { app: 'db', tier: 'backend', release: '' };
const bare = {};

describe('parseLabelSelector', () => {
  // [selector, matches web, matches db, matches bare]
  it.each([
    ['', true, true, true],
    ['app=web', true, false, false],
    ['app==web', true, false, false],
    ['app = web', true, false, false],
    ['app!=web', false, true, true],
    ['app in (web,db)', true, true, false],
    ['app in (web, db )', true, true, false],
    ['app notin (web)', false, true, true],
    ['app notin(web)', false, true, true],
    ['tier', true, true, false],
    ['!tier', false, false, true],
    ['! tier', false, false, true],
    ['app=web,tier=frontend', true, false, false],
    ['app=web,tier=backend', false, false, false],
    ['app.kubernetes.io/instance=shop', true, false, false],
    ['app.kubernetes.io/instance', true, false, false],
    ['release=', false, true, false],
    ['release in ()', false, true, false],
    ['release in (,x)', false, true, false],
    ['replicas>2', true, false, false],
    ['replicas<3', false, false, false],
    ['app>2', false, false, false],
    ['in=x', false, false, false],
    ['tier,!release,app in (web)', true, false, false],
  ])('%j', (sel, w, d, b) => {
    const m = parseLabelSelector(sel);
    expect([m(web), m(db), m(bare)]).toEqual([w, d, b]);
  });

  it('treats missing labels like an empty label set', () => {
    expect(parseLabelSelector('app!=web')(undefined)).toBe(true);
    expect(parseLabelSelector('app')(undefined)).toBe(false);
  });

  it.each([
    ['app=web,', "found '', expected: identifier after ','"],
    [',app', "found ',', expected: !, identifier, or 'end of string'"],
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['app=web tier=x', "found 'tier', expected: ',' or 'end of string'"],
    ['!app=web', "found '=', expected: ',' or 'end of string'"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app in (', "unable to parse requirement: found '', expected: ',', or identifier"],
    ['app=(x)', "unable to parse requirement: found '(', expected: identifier"],
    ['app constructor x', "unable to parse requirement: found 'constructor', expected: in, notin"],
    ['a$b=c', 'unable to parse requirement: <nil>: Invalid value: "a$b": name part must consist of alphanumeric'],
    ['-app=x', 'name part must consist of alphanumeric'],
    ['Example.com/app=x', 'prefix part a lowercase RFC 1123 subdomain'],
    ['/app=x', 'prefix part must be non-empty'],
    [`${'k'.repeat(64)}=x`, 'name part must be no more than 63 characters'],
    ['app=-web', 'unable to parse requirement: values[0][app]: Invalid value: "-web": a valid label must be an empty string'],
    [`app=${'v'.repeat(64)}`, 'must be no more than 63 characters'],
    ['n>abc', "for 'Gt', 'Lt' operators, the value must be an integer"],
  ])('rejects %j', (sel, message) => {
    const err = apiErrorOf(() => parseLabelSelector(sel));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toContain(message);
  });
});

describe('matcherFromLabelSelector', () => {
  const cases: [string, LabelSelector | undefined | null, boolean, boolean, boolean][] = [
    ['undefined matches nothing', undefined, false, false, false],
    ['null matches nothing', null, false, false, false],
    ['empty matches everything', {}, true, true, true],
    ['empty lists match everything', { matchLabels: {}, matchExpressions: [] }, true, true, true],
    ['matchLabels', { matchLabels: { app: 'web', tier: 'frontend' } }, true, false, false],
    ['In', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] }, true, true, false],
    ['NotIn', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false, true, true],
    ['Exists', { matchExpressions: [{ key: 'release', operator: 'Exists' }] }, false, true, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'release', operator: 'DoesNotExist' }] }, true, false, true],
    [
      'labels and expressions are ANDed',
      { matchLabels: { tier: 'frontend' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] },
      false, false, false,
    ],
  ];
  it.each(cases)('%s', (_n, sel, w, d, b) => {
    const m = matcherFromLabelSelector(sel);
    expect([m(web), m(db), m(bare)]).toEqual([w, d, b]);
  });

  it.each([
    [{ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }, '"Equals" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, "values set can't be empty"],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }, 'values set must be empty'],
    [{ matchLabels: { 'bad key': 'x' } }, 'Invalid value: "bad key"'],
    [{ matchLabels: { app: 'bad value' } }, 'a valid label must be an empty string'],
  ])('rejects %j', (sel, message) => {
    const err = apiErrorOf(() => matcherFromLabelSelector(sel));
    expect(err.code).toBe(400);
    expect(err.message).toContain(message);
  });
});

describe('matcherFromMap', () => {
  it.each([
    [undefined, false, false, false],
    [{}, false, false, false],
    [{ app: 'web' }, true, false, false],
    [{ app: 'db', release: '' }, false, true, false],
    [{ app: 'web', tier: 'backend' }, false, false, false],
  ])('%j', (map, w, d, b) => {
    const m = matcherFromMap(map);
    expect([m(web), m(db), m(bare)]).toEqual([w, d, b]);
  });

  it('lets an empty map match everything when asked (nodeSelector semantics)', () => {
    expect(matcherFromMap({}, true)(bare)).toBe(true);
    expect(matcherFromMap({ app: 'web' }, true)(bare)).toBe(false);
  });

  it('does not match inherited properties', () => {
    expect(matcherFromMap({ toString: Object.prototype.toString as unknown as string })({})).toBe(false);
  });
});

describe('labelSelectorString and formatLabels', () => {
  it.each([
    [undefined, ''],
    [{}, ''],
    [{ matchLabels: { tier: 'fe', app: 'web' } }, 'app=web,tier=fe'],
    [
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
          { key: 'gpu', operator: 'Exists' },
        ],
      },
      // sorted by key, values sorted inside the parentheses
      'app=web,!canary,env in (dev,prod),gpu,zone notin (b)',
    ],
  ])('%j -> %j', (sel, want) => {
    expect(labelSelectorString(sel)).toBe(want);
    expect(formatLabelSelector(sel)).toBe(want || '<none>');
  });

  it('reports invalid selectors as 400 or "<error>"', () => {
    const bad = { matchExpressions: [{ key: 'x', operator: 'Bogus' }] };
    expect(apiErrorOf(() => labelSelectorString(bad)).code).toBe(400);
    expect(formatLabelSelector(bad)).toBe('<error>');
  });

  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ 'kubernetes.io/os': 'linux', app: 'web' }, 'app=web,kubernetes.io/os=linux'],
  ])('formatLabels(%j) -> %j', (map, want) => {
    expect(formatLabels(map)).toBe(want);
  });
});

const pod = (name: string, ns: string, phase: string, node?: string, extra: Partial<KObject> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { ...(node ? { nodeName: node } : {}), restartPolicy: 'Always' },
  status: { phase },
  ...extra,
});
const pods = [
  pod('web-1', 'shop', 'Running', 'node-a'),
  pod('web-2', 'shop', 'Pending'),
  pod('batch-1', 'jobs', 'Succeeded', 'node-b', { spec: { nodeName: 'node-b', hostNetwork: true } }),
];
const event = (name: string, kind: string, obj: string, type: string, reason: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'shop' },
  involvedObject: { kind, name: obj, namespace: 'shop', uid: `uid-${obj}`, fieldPath: 'spec.containers{web}' },
  type,
  reason,
  source: { component: 'kubelet' },
});
const events = [event('e1', 'Pod', 'web-1', 'Warning', 'BackOff'), event('e2', 'Deployment', 'web', 'Normal', 'ScalingReplicaSet')];

describe('parseFieldSelector', () => {
  const names = (objs: KObject[], sel: string, kind?: string) => objs.filter(parseFieldSelector(sel, kind)).map((o) => o.metadata.name);
  it.each([
    ['', ['web-1', 'web-2', 'batch-1']],
    ['metadata.name=web-1', ['web-1']],
    ['metadata.name==web-1', ['web-1']],
    ['metadata.name!=web-1', ['web-2', 'batch-1']],
    ['metadata.namespace=shop', ['web-1', 'web-2']],
    ['status.phase=Running', ['web-1']],
    ['status.phase!=Succeeded,status.phase!=Failed', ['web-1', 'web-2']],
    ['spec.nodeName=', ['web-2']],
    ['spec.nodeName=node-b', ['batch-1']],
    ['spec.hostNetwork=true', ['batch-1']],
    ['spec.hostNetwork=false', ['web-1', 'web-2']],
    ['spec.restartPolicy=Always,metadata.namespace=shop', ['web-1', 'web-2']],
  ])('pods %j', (sel, want) => {
    expect(names(pods, sel, 'Pod')).toEqual(want);
  });

  it.each([
    ['involvedObject.kind=Pod', ['e1']],
    ['involvedObject.name=web,involvedObject.kind=Deployment', ['e2']],
    ['involvedObject.namespace=shop', ['e1', 'e2']],
    ['involvedObject.uid=uid-web-1', ['e1']],
    ['involvedObject.fieldPath=spec.containers{web}', ['e1', 'e2']],
    ['type=Warning', ['e1']],
    ['type!=Normal', ['e1']],
    ['reason=ScalingReplicaSet', ['e2']],
    ['source=kubelet', ['e1', 'e2']],
  ])('events %j', (sel, want) => {
    expect(names(events, sel, 'Event')).toEqual(want);
  });

  it('unescapes values', () => {
    const odd = [pod('a,b=c', 'shop', 'Running')];
    expect(names(odd, 'metadata.name=a\\,b\\=c')).toEqual(['a,b=c']);
    expect(names(odd, 'metadata.name=a\\\\b')).toEqual([]);
  });

  it('accepts every known field when no kind is given', () => {
    expect(names(events, 'type=Warning')).toEqual(['e1']);
    expect(names(pods, 'status.phase=Pending')).toEqual(['web-2']);
  });

  it.each([
    ['spec.foo=bar', 'Pod', 'field label not supported: spec.foo'],
    ['type=Warning', 'Pod', 'field label not supported: type'],
    ['status.phase=Running', 'ConfigMap', 'field label not supported: status.phase'],
    ['constructor=x', undefined, 'field label not supported: constructor'],
    ['metadata.name', 'Pod', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['metadata.name=a=b', 'Pod', 'invalid field selector: unescaped character in value: ='],
    ['metadata.name=a\\x', 'Pod', 'invalid field selector: invalid escape sequence'],
  ])('rejects %j for %s', (sel, kind, message) => {
    const err = apiErrorOf(() => parseFieldSelector(sel, kind));
    expect(err.code).toBe(400);
    expect(err.message).toContain(message);
  });
});
