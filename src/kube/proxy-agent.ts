// Keep-alive agents that reach a server through an HTTP proxy, as Go's
// http.Transport does: https servers through a CONNECT tunnel with TLS
// inside it (the proxy sees only the host and port), plain http servers by
// sending the request with its absolute URL to the proxy (which is what
// proxies that allow CONNECT only to port 443 expect).
import type { Agent as HttpAgent, AgentOptions, ClientRequest } from 'node:http';
import type { AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { showProxy } from './proxy-env.js';
import { connectToProxy, openTunnel, proxyAuthorization } from './proxy-tunnel.js';

// The builtins' CommonJS objects (see request.ts).
const { Agent: HttpAgentClass } = process.getBuiltinModule('node:http');
const { Agent: HttpsAgentClass } = process.getBuiltinModule('node:https');

type Created = (err: Error | null, socket?: Duplex) => void;
type ConnectOptions = { host?: string | null; hostname?: string | null; port?: number | string | null; path?: string | null; [k: string]: unknown };

/** Throws when helmdeck cannot use this kind of proxy; the message names it. */
export function checkProxyScheme(proxy: URL): void {
  if (proxy.protocol === 'http:' || proxy.protocol === 'https:') return;
  const kind = proxy.protocol.replace(/:$/, '');
  throw new TypeError(`proxy ${showProxy(proxy)}: ${kind} proxies are not supported (helmdeck speaks to HTTP proxies, http:// or https://)`);
}

function targetOf(options: ConnectOptions, fallbackPort: number): { host: string; port: number } {
  const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  return { host, port: Number(options.port ?? fallbackPort) };
}

/** An https agent whose connections are TLS inside a CONNECT tunnel through `proxy`. */
class TunnelAgent extends HttpsAgentClass {
  constructor(
    private readonly proxy: URL,
    options: HttpsAgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: ConnectOptions, created: Created): undefined {
    const { host, port } = targetOf(options, 443);
    openTunnel(this.proxy, host, port).then(
      (socket) => {
        // The TLS session is the server's, inside the tunnel: same CA, client certificate and server name as without a proxy.
        const { path: _path, ...tlsOptions } = options;
        const secure = (HttpsAgentClass.prototype as any).createConnection.call(this, { ...tlsOptions, socket }) as Duplex;
        created(null, secure);
      },
      (err: Error) => created(err),
    );
    return undefined;
  }
}

/** An http agent that sends each request, absolute URL and all, to `proxy`. */
class ForwardAgent extends HttpAgentClass {
  constructor(
    private readonly proxy: URL,
    options: AgentOptions,
  ) {
    super(options);
  }

  addRequest(req: ClientRequest, options: ConnectOptions): void {
    const { host, port } = targetOf(options, 80);
    const authority = `${host.includes(':') ? `[${host}]` : host}${port === 80 ? '' : `:${port}`}`;
    // The request line is written when the request ends, after this: the proxy needs the absolute form.
    if (req.path.startsWith('/')) req.path = `http://${authority}${req.path}`;
    const auth = proxyAuthorization(this.proxy);
    if (auth && !req.headersSent) req.setHeader('Proxy-Authorization', auth);
    (HttpAgentClass.prototype as any).addRequest.call(this, req, options);
  }

  override createConnection(_options: ConnectOptions, created: Created): undefined {
    connectToProxy(this.proxy).then((socket) => created(null, socket), (err: Error) => created(err));
    return undefined;
  }
}

/**
 * The keep-alive agent for requests to `server`'s scheme: direct without a
 * proxy, else through it. `tlsOptions` (CA, client certificate, server
 * name, verification) apply to the server, never to the proxy.
 */
export function createAgent(server: URL, proxy: URL | undefined, agentOptions: AgentOptions, tlsOptions: HttpsAgentOptions = {}): HttpAgent {
  const https = server.protocol === 'https:';
  if (!proxy) return https ? new HttpsAgentClass({ ...agentOptions, ...tlsOptions }) : new HttpAgentClass(agentOptions);
  checkProxyScheme(proxy);
  return https ? new TunnelAgent(proxy, { ...agentOptions, ...tlsOptions }) : new ForwardAgent(proxy, agentOptions);
}
