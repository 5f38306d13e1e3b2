import { describe, it, expect } from 'vitest';
import { applyJsonPatch } from '../../../src/sim/api/patch/index.js';
import { ApiError } from '../../../src/sim/api/errors.js';

// RFC 6902 Appendix A examples that succeed.
const rfcSuccesses: [string, unknown, unknown[], unknown][] = [
  ['A.1 add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
  ['A.2 add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
  ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
  ['A.4 remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
  ['A.5 replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
  [
    'A.6 move a value',
    { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  ],
  ['A.7 move an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
  [
    'A.8 test a value: success',
    { baz: 'qux', foo: ['a', 2, 'c'] },
    [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    { baz: 'qux', foo: ['a', 2, 'c'] },
  ],
  ['A.10 add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
  ['A.11 ignore unrecognized elements', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], { foo: 'bar', baz: 'qux' }],
  ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
  ['A.16 add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
  ['copy', { a: { b: [1] } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: [1] }, c: { b: [1] } }],
  ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
  ['~1 in a key', { metadata: { annotations: {} } }, [{ op: 'add', path: '/metadata/annotations/example.com~1team', value: 'x' }], { metadata: { annotations: { 'example.com/team': 'x' } } }],
  ['add null is legal', { a: 1 }, [{ op: 'add', path: '/b', value: null }], { a: 1, b: null }],
];

// RFC 6902 Appendix A failures plus other unapplicable operations: all 422.
const failures: [string, unknown, unknown[], RegExp][] = [
  ['A.9 test a value: error', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], /testing value \/baz failed/],
  ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], /add operation on "\/baz\/bat" does not apply/],
  ['A.15 comparing strings and numbers', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }], /testing value \/~01 failed/],
  ['remove a missing key', { a: 1 }, [{ op: 'remove', path: '/b' }], /remove operation on "\/b" does not apply/],
  ['replace a missing key', { a: 1 }, [{ op: 'replace', path: '/b', value: 2 }], /replace operation on "\/b"/],
  ['index past the end', { a: [1] }, [{ op: 'add', path: '/a/5', value: 2 }], /out of bounds/],
  ['leading zero index', { a: [1, 2] }, [{ op: 'remove', path: '/a/01' }], /does not apply/],
  ['move into own child', { a: { b: {} } }, [{ op: 'move', from: '/a', path: '/a/b/c' }], /own children/],
  ['unknown op', { a: 1 }, [{ op: 'frobnicate', path: '/a' }], /unexpected op "frobnicate"/],
  ['missing value', { a: 1 }, [{ op: 'add', path: '/b' }], /missing "value"/],
  ['bad pointer', { a: 1 }, [{ op: 'add', path: 'a', value: 1 }], /must be empty or start with/],
  ['bad escape', { a: 1 }, [{ op: 'add', path: '/a~2', value: 1 }], /invalid escape/],
];

describe('applyJsonPatch (RFC 6902)', () => {
  it.each(rfcSuccesses)('%s', (_name, doc, ops, expected) => {
    const before = structuredClone(doc);
    expect(applyJsonPatch(doc, ops)).toEqual(expected);
    expect(doc).toEqual(before);
  });

  it.each(failures)('%s is a 422 naming the operation', (_name, doc, ops, message) => {
    let caught: unknown;
    try {
      applyJsonPatch(doc, ops);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    const err = caught as ApiError;
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toMatch(/^the server rejected our request due to an error in our request: /);
    expect(err.message).toMatch(message);
  });

  it('is all-or-nothing: a failing test leaves the input untouched', () => {
    const doc = { spec: { replicas: 1 } };
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/spec/replicas', value: 5 },
        { op: 'test', path: '/spec/replicas', value: 1 },
      ]),
    ).toThrow(/testing value \/spec\/replicas failed/);
    expect(doc.spec.replicas).toBe(1);
  });

  it.each([[{ op: 'add' }], ['nope'], [[1]]])('rejects a malformed patch %j with 400', (ops) => {
    try {
      applyJsonPatch({}, ops);
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).code).toBe(400);
    }
  });
});
