// The "connect" subresources that carry a stream or a proxied request rather
// than an object: pods/exec, pods/attach, pods/portforward, and the proxy of
// pods and services, whose name may carry a scheme and port
// (`[https:]NAME[:PORT]`) and whose path continues after `proxy`.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiError } from './errors.js';

export type ConnectSubresource = 'exec' | 'attach' | 'portforward' | 'proxy';

export interface ConnectRequest {
  resource: 'pods' | 'services';
  namespace: string;
  name: string;
  subresource: ConnectSubresource;
  /** From the proxy name: `https:web:8443` → scheme https, port 8443. */
  scheme?: string;
  port?: string;
  /** The path after `/proxy` (always starts with `/`), with the query string. */
  rest: string;
  query: URLSearchParams;
}

const PATTERN = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/(exec|attach|portforward|proxy)(\/.*)?$/;

/** Recognises a connect path; undefined for anything else. */
export function parseConnectPath(url: URL): ConnectRequest | undefined {
  const m = PATTERN.exec(url.pathname);
  if (!m) return undefined;
  const subresource = m[4] as ConnectSubresource;
  if (m[2] === 'services' && subresource !== 'proxy') return undefined;
  if (subresource !== 'proxy' && m[5] && m[5] !== '/') return undefined;
  let name = decodeURIComponent(m[3]!);
  let scheme: string | undefined;
  let port: string | undefined;
  if (subresource === 'proxy') {
    const parts = name.split(':');
    if (parts.length === 3) [scheme, name, port] = parts as [string, string, string];
    else if (parts.length === 2) [name, port] = parts as [string, string];
    if (scheme === '') scheme = undefined;
  }
  return {
    resource: m[2] as 'pods' | 'services',
    namespace: decodeURIComponent(m[1]!),
    name,
    subresource,
    ...(scheme ? { scheme } : {}),
    ...(port ? { port } : {}),
    rest: `${m[5] ?? '/'}${url.search}`,
    query: url.searchParams,
  };
}

/** Answers an upgrade request that cannot be served with a plain HTTP Status response, then closes. */
export function refuseUpgrade(socket: Duplex | Socket, err: ApiError): void {
  const body = JSON.stringify(err.toStatus());
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' }[err.code] ?? 'Error';
  socket.end(`HTTP/1.1 ${err.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
