import { describe, it, expect } from 'vitest';
import { applyMergePatch, applyPatch } from '../../../src/sim/api/patch/index.js';
import { ApiError } from '../../../src/sim/api/errors.js';

// RFC 7386 Appendix A, verbatim.
const rfcExamples: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('applyMergePatch (RFC 7386)', () => {
  it.each(rfcExamples)('%j + %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('handles the RFC section 3 example and leaves its inputs alone', () => {
    const target = { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'This will be unchanged' };
    const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };
    const before = structuredClone(target);
    const out = applyMergePatch<Record<string, unknown>>(target, patch);
    expect(out).toEqual({ title: 'Hello!', author: { givenName: 'John' }, tags: ['example'], content: 'This will be unchanged', phoneNumber: '+01-123-456-7890' });
    expect(target).toEqual(before);
    (out['author'] as Record<string, unknown>)['givenName'] = 'changed';
    expect(target.author.givenName).toBe('John');
  });

  it('treats "__proto__" in a patch as a plain key', () => {
    const out = applyMergePatch<Record<string, unknown>>({}, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('applyPatch dispatch', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1', b: '2' } };

  it.each([
    ['application/merge-patch+json', '{"data":{"a":null,"c":"3"}}', { a: undefined, b: '2', c: '3' }],
    ['application/merge-patch+json; charset=utf-8', '{"data":{"b":"x"}}', { a: '1', b: 'x' }],
    ['application/json-patch+json', '[{"op":"replace","path":"/data/a","value":"9"}]', { a: '9', b: '2' }],
    ['application/strategic-merge-patch+json', '{"data":{"b":null}}', { a: '1', b: undefined }],
  ])('%s', (type, body, data) => {
    const out = applyPatch(type, cm, Buffer.from(body));
    for (const [k, v] of Object.entries(data)) expect(out['data'][k]).toBe(v);
    expect(cm.data).toEqual({ a: '1', b: '2' });
  });

  it.each([
    ['text/plain', '{}', 415],
    ['application/apply-patch+yaml', 'data: {}', 415],
    ['application/merge-patch+json', '{not json', 400],
    ['application/merge-patch+json', '[1,2]', 400],
    ['application/json-patch+json', '{"op":"add"}', 400],
    ['application/json-patch+json', '[{"op":"remove","path":"/metadata"}]', 422],
  ])('%s with %s answers %d', (type, body, code) => {
    let caught: unknown;
    try {
      applyPatch(type, cm, body);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe(code);
  });

  it('refuses strategic merge for custom resources with a 415 that lists the accepted types', () => {
    const cr = { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'KafkaTopic', metadata: { name: 't' }, spec: { partitions: 1 } };
    expect(() => applyPatch('application/strategic-merge-patch+json', cr, '{"spec":{"partitions":3}}', { strategicMerge: false })).toThrow(
      /accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml \(got application\/strategic-merge-patch\+json\)/,
    );
    expect(applyPatch('application/merge-patch+json', cr, '{"spec":{"partitions":3}}', { strategicMerge: false })['spec']).toEqual({ partitions: 3 });
  });
});
