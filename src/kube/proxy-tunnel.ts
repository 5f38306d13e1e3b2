// Opens a connection through an HTTP proxy: a TCP (or TLS, for an https://
// proxy) connection to the proxy, then `CONNECT host:port` for a tunnel to
// the server. Every failure names the proxy, so "the proxy refused" never
// reads as "the API server is down".
import type { Socket } from 'node:net';
import { showProxy } from './proxy-env.js';

const net = process.getBuiltinModule('node:net');
const tls = process.getBuiltinModule('node:tls');

// A proxy that accepts the connection but never answers the CONNECT must not hold a request forever.
const CONNECT_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 16 * 1024;

const NET_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
};

/** A proxy refused or failed a connection; the message names the proxy. */
export class ProxyError extends Error {
  readonly code = 'EPROXY';
  constructor(
    message: string,
    readonly proxy: string,
    /** The proxy's HTTP status for a refused CONNECT (403, 407, 502…). */
    readonly proxyStatus?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ProxyError';
  }
}

/** The proxy's port, defaulting as Go does (http 80, https 443). */
export function proxyPort(proxy: URL): number {
  return Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
}

/** The Proxy-Authorization header for credentials in the proxy URL, if any. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/** Connects to the proxy itself; rejects with a ProxyError naming it. */
export function connectToProxy(proxy: URL): Promise<Socket> {
  const shown = showProxy(proxy);
  return new Promise((resolve, reject) => {
    const port = proxyPort(proxy);
    const host = proxy.hostname.replace(/^\[|\]$/g, '');
    const socket: Socket = proxy.protocol === 'https:'
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }) })
      : net.connect({ host, port });
    const onError = (err: NodeJS.ErrnoException) => {
      socket.destroy();
      const words = (err.code && NET_WORDS[err.code]) ?? err.message;
      reject(new ProxyError(`cannot reach the proxy ${shown}: ${words}${err.code && NET_WORDS[err.code] ? ` (${err.code})` : ''}`, shown, undefined, { cause: err }));
    };
    socket.once('error', onError);
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** A tunnel to `host:port` through `proxy` (HTTP CONNECT), ready for TLS or plain HTTP. */
export async function openTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  const shown = showProxy(proxy);
  const socket = await connectToProxy(proxy);
  const target = `${net.isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    let answer = Buffer.alloc(0);
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.off('timeout', onTimeout);
      socket.setTimeout(0);
    };
    const fail = (message: string, status?: number, cause?: unknown) => {
      cleanup();
      socket.destroy();
      reject(new ProxyError(`proxy ${shown} ${message}`, shown, status, cause === undefined ? undefined : { cause }));
    };
    const onError = (err: NodeJS.ErrnoException) => fail(`failed during the CONNECT to ${target}: ${(err.code && NET_WORDS[err.code]) ?? err.message}`, undefined, err);
    const onClose = () => fail(`closed the connection instead of answering the CONNECT to ${target}`);
    const onTimeout = () => fail(`did not answer the CONNECT to ${target} within ${CONNECT_TIMEOUT_MS / 1000}s`);
    const onData = (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (answer.length > MAX_ANSWER_BYTES) fail(`sent an unreadable answer to the CONNECT to ${target}`);
        return;
      }
      const statusLine = answer.subarray(0, answer.indexOf('\r\n')).toString('latin1');
      const m = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/.exec(statusLine);
      if (!m) return fail(`sent an unreadable answer to the CONNECT to ${target}: ${JSON.stringify(statusLine.slice(0, 60))}`);
      const status = Number(m[1]);
      if (status < 200 || status > 299) {
        const hint = status === 407 ? (proxyAuthorization(proxy) ? ' (it rejected the credentials in the proxy URL)' : ' (it wants credentials: put them in the proxy URL, http://USER:PASSWORD@HOST:PORT)') : '';
        return fail(`refused the tunnel to ${target}: ${status}${m[2] ? ` ${m[2]}` : ''}${hint}`, status);
      }
      cleanup();
      socket.pause();
      const rest = answer.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.once('timeout', onTimeout);
    socket.setTimeout(CONNECT_TIMEOUT_MS);
    const auth = proxyAuthorization(proxy);
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`);
  });
}
