// describeError: every shape a failed request takes (undici's "fetch failed"
// with nested causes, node socket and TLS errors, HTTP statuses,
// client-node's ApiException) lands in the right kind with a useful line.
import { describe, expect, it } from 'vitest';
import { describeError, statusError } from '../../../src/kube/describe-error.js';
import { KubeError } from '../../../src/kube/kube-error.js';

const server = 'https://10.0.0.1:6443';

/** An error as undici's fetch throws it: TypeError("fetch failed") with the socket error as cause. */
function fetchFailed(code: string, message = `${code} happened`): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

const table: [string, unknown, KubeError['kind'], RegExp][] = [
  ['connection refused', fetchFailed('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6443'), 'unreachable', /^cannot reach the API server at https:\/\/10\.0\.0\.1:6443: connection refused$/],
  ['DNS failure', fetchFailed('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.invalid'), 'unreachable', /host name not found/],
  ['no route', fetchFailed('EHOSTUNREACH'), 'unreachable', /no route to host/],
  ['reset', fetchFailed('ECONNRESET'), 'unreachable', /connection reset/],
  ['socket closed (undici)', new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }), 'unreachable', /connection closed by the server/],
  ['connect timeout', fetchFailed('UND_ERR_CONNECT_TIMEOUT'), 'timeout', /timed out talking to the API server at https:\/\/10\.0\.0\.1:6443/],
  ['ETIMEDOUT', fetchFailed('ETIMEDOUT'), 'timeout', /timed out/],
  ['abort timeout', new DOMException('GET /version timed out', 'TimeoutError'), 'timeout', /timed out/],
  ['unknown CA', fetchFailed('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), 'tls', /^TLS error talking to https:\/\/10\.0\.0\.1:6443: certificate signed by unknown authority \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/],
  ['self-signed', fetchFailed('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'tls', /self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
  ['self-signed in chain', fetchFailed('SELF_SIGNED_CERT_IN_CHAIN'), 'tls', /unknown authority/],
  ['expired', fetchFailed('CERT_HAS_EXPIRED', 'certificate has expired'), 'tls', /certificate has expired \(CERT_HAS_EXPIRED\)/],
  ['wrong host name', fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'tls', /not valid for this host name/],
  ['other CERT_ code', fetchFailed('CERT_UNTRUSTED', 'certificate not trusted'), 'tls', /certificate not trusted \(CERT_UNTRUSTED\)/],
  ['HTTP 401 (watch error)', Object.assign(new Error('Unauthorized'), { statusCode: 401 }), 'unauthorized', /rejected our credentials \(401 Unauthorized\): the token may have expired/],
  ['HTTP 403 (ApiException)', Object.assign(new Error('HTTP-Code: 403'), { code: 403, body: JSON.stringify({ kind: 'Status', message: 'pods is forbidden: User "x" cannot list resource "pods"', reason: 'Forbidden', code: 403 }) }), 'forbidden', /^pods is forbidden: User "x" cannot list resource "pods" \(403 Forbidden\)$/],
  ['HTTP 500', Object.assign(new Error('Internal Server Error'), { statusCode: 500 }), 'api', /500 Internal Server Error/],
  ['plain http refused by client-node', new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false'), 'bad-config', /insecure-skip-tls-verify/],
  ['something else', new Error('exec: executable aws-iam-authenticator not found'), 'other', /^error talking to the API server at https:\/\/10\.0\.0\.1:6443: exec: executable aws-iam-authenticator not found$/],
];

describe('describeError', () => {
  it.each(table)('%s → %s', (_name, err, kind, message) => {
    const e = describeError(err, server);
    expect(e).toBeInstanceOf(KubeError);
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('\n');
  });

  it('keeps the code, status and API message as fields', () => {
    expect(describeError(fetchFailed('ECONNREFUSED'), server).code).toBe('ECONNREFUSED');
    const e = statusError(403, { kind: 'Status', message: 'nope', reason: 'Forbidden' } as never, server, 'GET /api/v1/pods');
    expect(e).toMatchObject({ kind: 'forbidden', statusCode: 403, reason: 'Forbidden', apiMessage: 'nope', message: 'nope (403 Forbidden)' });
    expect(statusError(404, { message: 'pods "x" not found' }, server, 'GET /api/v1/namespaces/a/pods/x').message).toBe('GET /api/v1/namespaces/a/pods/x: pods "x" not found (404 Not Found)');
    expect(statusError(504, undefined, server).kind).toBe('timeout');
  });

  it('passes a KubeError through unchanged', () => {
    const k = new KubeError('no-config', 'x');
    expect(describeError(k, server)).toBe(k);
  });

  it('collapses multi-line causes into one line', () => {
    expect(new KubeError('other', 'first\n  second\n\nthird').message).toBe('first second third');
  });
});
