// Turns whatever a request to the API server threw (undici's "fetch failed"
// with a cause chain, node socket/TLS errors, HTTP statuses, client-node's
// ApiException) into a KubeError the operator can act on.
import { KubeError } from './kube-error.js';

// The CommonJS object: node:http's ES module facade would load Node's bundled undici at start-up.
const { STATUS_CODES } = process.getBuiltinModule('node:http');

/** A Kubernetes `kind: Status` body, as far as we read it. */
export interface ApiStatus {
  message?: string;
  reason?: string;
  code?: number;
}

const UNKNOWN_AUTHORITY = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_SIGNATURE_FAILURE']);

const TLS_TEXT: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate is not valid for this host name',
  CERT_REVOKED: 'the server certificate was revoked',
};

const NET_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
};

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ESOCKETTIMEDOUT']);

/** The error and its causes (undici nests the real one in `cause`, sometimes in an AggregateError). */
function chain(err: unknown): any[] {
  const out: any[] = [];
  const queue: unknown[] = [err];
  while (queue.length && out.length < 10) {
    const e = queue.shift() as any;
    if (!e || typeof e !== 'object' || out.includes(e)) continue;
    out.push(e);
    if (e.cause) queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return out;
}

function httpStatusOf(e: any): number | undefined {
  if (typeof e?.statusCode === 'number') return e.statusCode;
  // client-node's ApiException carries the HTTP code as a number in `code`.
  if (typeof e?.code === 'number' && e.code >= 100 && e.code < 600) return e.code;
  return undefined;
}

function statusBodyOf(e: any): ApiStatus | undefined {
  let body = e?.body ?? e?.status;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' && body.kind === 'Status' ? (body as ApiStatus) : undefined;
}

/** Builds the KubeError for an HTTP failure answered by the API server. */
export function statusError(statusCode: number, status: ApiStatus | undefined, server: string, what?: string): KubeError {
  const phrase = `${statusCode} ${STATUS_CODES[statusCode] ?? 'Error'}`;
  const apiMessage = status?.message || undefined;
  const details = { statusCode, ...(status?.reason ? { reason: status.reason } : {}), ...(apiMessage ? { apiMessage } : {}) };
  if (statusCode === 401) {
    return new KubeError('unauthorized', `the API server at ${server} rejected our credentials (${phrase}): the token may have expired`, details);
  }
  if (statusCode === 403) return new KubeError('forbidden', `${apiMessage ?? `access to ${what ?? 'this resource'} is forbidden`} (${phrase})`, details);
  if (statusCode === 504 || statusCode === 408) return new KubeError('timeout', `the API server at ${server} timed out${what ? ` on ${what}` : ''} (${phrase})`, details);
  return new KubeError('api', `${what ? `${what}: ` : ''}${apiMessage ?? 'the API server answered with an error'} (${phrase})`, details);
}

/** Classifies any failure of a request to `server` into a KubeError (returned, not thrown). */
export function describeError(err: unknown, server: string): KubeError {
  if (err instanceof KubeError) return err;
  const errs = chain(err);
  for (const e of errs) {
    const code = httpStatusOf(e);
    if (code !== undefined) return statusError(code, statusBodyOf(e), server);
  }
  // A proxy in the way says so in its own words (proxy-tunnel.ts): never "the API server refused".
  const viaProxy = errs.find((e) => e.code === 'EPROXY');
  if (viaProxy) return new KubeError('unreachable', `cannot reach the API server at ${server}: ${viaProxy.message}`, { code: 'EPROXY', cause: err });
  const codes = errs.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const msg = (errs.find((e) => e.cause === undefined && typeof e.message === 'string')?.message as string | undefined) ?? String((err as any)?.message ?? err);
  for (const code of codes) {
    if (UNKNOWN_AUTHORITY.has(code)) {
      return new KubeError('tls', `TLS error talking to ${server}: certificate signed by unknown authority (${code}; check certificate-authority in the kubeconfig)`, { code, cause: err });
    }
    if (TLS_TEXT[code] || code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
      return new KubeError('tls', `TLS error talking to ${server}: ${TLS_TEXT[code] ?? msg} (${code})`, { code, cause: err });
    }
  }
  for (const code of codes) {
    if (TIMEOUT_CODES.has(code)) return new KubeError('timeout', `timed out talking to the API server at ${server} (${code})`, { code, cause: err });
    if (NET_TEXT[code]) return new KubeError('unreachable', `cannot reach the API server at ${server}: ${NET_TEXT[code]}`, { code, cause: err });
  }
  if (errs.some((e) => e.name === 'TimeoutError')) return new KubeError('timeout', `timed out talking to the API server at ${server}`, { cause: err });
  if (/HTTP protocol is not allowed/i.test(msg)) {
    return new KubeError('bad-config', `the kubeconfig points at ${server} over plain http: set insecure-skip-tls-verify: true for that cluster or use https`, { cause: err });
  }
  // What OpenSSL says when the answer to our ClientHello is plain text ("HTTP/1.1 400 …").
  if (errs.some((e) => /wrong version number|packet length too long|http request/i.test(String(e.message)))) {
    return new KubeError('tls', `plain HTTP on an https URL: ${server} answered without TLS (is it an http:// server, or the wrong port?)`, { cause: err });
  }
  if (errs.some((e) => e.code === 'EPROTO' || /wrong version number|ssl|tls/i.test(String(e.message)))) {
    return new KubeError('tls', `TLS error talking to ${server}: ${msg}`, { cause: err });
  }
  if (/^bad port$/i.test(msg)) {
    return new KubeError('unreachable', `cannot reach the API server at ${server}: fetch refuses to connect to that port (bad port)`, { cause: err });
  }
  if (/^(terminated|other side closed|socket hang up)$/i.test(msg)) {
    return new KubeError('unreachable', `cannot reach the API server at ${server}: connection closed (${msg})`, { cause: err });
  }
  return new KubeError('other', `error talking to the API server at ${server}: ${msg}`, { cause: err });
}
