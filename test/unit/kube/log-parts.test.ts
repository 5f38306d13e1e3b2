// The pure parts of log streaming: line splitting across chunks, timestamp
// parsing and ordering, and label selector matching.
import { describe, expect, it } from 'vitest';
import { compareLogTimes } from '../../../src/kube/container-follower.js';
import { labelMatcher } from '../../../src/kube/label-selector.js';
import { LineSplitter } from '../../../src/kube/line-splitter.js';
import { parseLogLine } from '../../../src/kube/logs.js';

describe('LineSplitter', () => {
  it('joins lines split across chunks, including a UTF-8 character cut in half', () => {
    const s = new LineSplitter();
    const bytes = new TextEncoder().encode('héllo\r\nwor');
    expect(s.push(bytes.subarray(0, 2))).toEqual([]);
    expect(s.push(bytes.subarray(2))).toEqual(['héllo']);
    expect(s.push('ld\n\nlast')).toEqual(['world', '']);
    expect(s.flush()).toBe('last');
    expect(s.flush()).toBeUndefined();
  });
});

describe('parseLogLine', () => {
  it('splits the kubelet timestamp from the text', () => {
    expect(parseLogLine('2026-11-21T10:00:00.123456789Z applied 3 migrations', true)).toEqual({ time: '2026-11-21T10:00:00.123456789Z', text: 'applied 3 migrations' });
    expect(parseLogLine('2026-11-21T10:00:00Z', true)).toEqual({ time: '2026-11-21T10:00:00Z', text: '' });
    expect(parseLogLine('no timestamp here', true)).toEqual({ text: 'no timestamp here' });
    expect(parseLogLine('2026-11-21T10:00:00Z kept whole', false)).toEqual({ text: '2026-11-21T10:00:00Z kept whole' });
  });
});

describe('compareLogTimes', () => {
  it('orders RFC 3339 times with different fraction lengths correctly', () => {
    expect(compareLogTimes('2026-11-21T10:00:00.1Z', '2026-11-21T10:00:00.12Z')).toBe(-1);
    expect(compareLogTimes('2026-11-21T10:00:00.5Z', '2026-11-21T10:00:00.499999999Z')).toBe(1);
    expect(compareLogTimes('2026-11-21T10:00:00Z', '2026-11-21T10:00:00.000Z')).toBe(0);
    expect(compareLogTimes('2026-11-21T10:00:01Z', '2026-11-21T10:00:00.9Z')).toBe(1);
  });
});

describe('labelMatcher', () => {
  it('supports equality, inequality, sets and existence', () => {
    const labels = { app: 'web', tier: 'front', env: 'prod' };
    expect(labelMatcher('app=web')(labels)).toBe(true);
    expect(labelMatcher('app==web,tier=front')(labels)).toBe(true);
    expect(labelMatcher('app!=web')(labels)).toBe(false);
    expect(labelMatcher('env in (prod, staging),tier')(labels)).toBe(true);
    expect(labelMatcher('env notin (prod)')(labels)).toBe(false);
    expect(labelMatcher('!canary')(labels)).toBe(true);
    expect(labelMatcher('canary')(labels)).toBe(false);
    expect(labelMatcher('')(undefined)).toBe(true);
    expect(() => labelMatcher('a in b')).toThrow(/invalid label selector/);
  });
});
