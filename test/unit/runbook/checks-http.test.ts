// http's verdict over an answer: status, body pattern, JSON fields, and a
// bounded single-line body excerpt as evidence.
import { describe, expect, it } from 'vitest';
import { fieldAt, judgeHttp } from '../../../src/runbook/checks/http.js';

const answer = (status: number, body: string, statusText = 'OK') => ({ status, statusText, body, ms: 12 });
const step = (over = {}) => ({ url: 'https://beacon.example.invalid/ready', expect: 200, ...over });

describe('judgeHttp', () => {
  it('passes the expected status and shows the answer', () => {
    expect(judgeHttp(step(), answer(200, 'ok\n'))).toEqual({
      status: 'pass', summary: 'https://beacon.example.invalid/ready answered 200',
      evidence: ['GET https://beacon.example.invalid/ready → 200 OK (12 ms)', 'body: ok'],
    });
  });

  it('fails another status, an unmatched body and an invalid pattern, saying each', () => {
    expect(judgeHttp(step(), answer(503, 'down', 'Service Unavailable')).summary).toBe('status 503, expected 200');
    expect(judgeHttp(step({ bodyMatch: '"status":\\s*"UP"' }), answer(200, '{"status":"DOWN"}')).summary).toBe('body does not match /"status":\\s*"UP"/');
    expect(judgeHttp(step({ bodyMatch: '"status":\\s*"UP"' }), answer(200, '{"status": "UP"}')).status).toBe('pass');
    expect(judgeHttp(step({ bodyMatch: '(' }), answer(200, '')).summary).toMatch(/^bodyMatch \/\(\/ is not a valid pattern: /);
  });

  it('checks JSON fields by dotted path with deep equality', () => {
    const body = JSON.stringify({ license: { valid: true, seats: 25, features: ['sso', 'audit'] } });
    expect(judgeHttp(step({ jsonFields: { 'license.valid': true, 'license.features': ['sso', 'audit'] } }), answer(200, body))).toMatchObject({
      status: 'pass', summary: 'https://beacon.example.invalid/ready answered 200 with license.valid, license.features as expected',
    });
    const r = judgeHttp(step({ jsonFields: { 'license.valid': true, 'license.seats': '25', 'license.expiry': '2027-01-01' } }), answer(200, body));
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('license.seats: 25, expected "25"; license.expiry: (absent), expected "2027-01-01"');
    expect(judgeHttp(step({ jsonFields: { a: 1 } }), answer(200, '<html>')).summary).toBe('body is not JSON, so its fields cannot be checked');
  });

  it('keeps only a bounded one-line excerpt of the body', () => {
    const r = judgeHttp(step(), answer(200, `${'x'.repeat(1000)}\n${'y'.repeat(1000)}`));
    expect(r.evidence[1]!.length).toBeLessThanOrEqual(300);
    expect(r.evidence[1]).toMatch(/^body: x+…$/);
  });
});

describe('fieldAt', () => {
  it.each([
    ['a.b', { a: { b: 0 } }, { found: true, value: 0 }],
    ['items.1.name', { items: [{ name: 'x' }, { name: 'y' }] }, { found: true, value: 'y' }],
    ['items.2', { items: [1] }, { found: false }],
    ['a.b', { a: null }, { found: false }],
    ['toString', {}, { found: false }],
  ])('%s', (path, doc, want) => {
    expect(fieldAt(doc, path)).toEqual(want);
  });
});
