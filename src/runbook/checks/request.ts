// One HTTP(S) request with what fetch cannot do per request: skip TLS
// verification when a step asks for it (`insecure`), and read at most a
// bounded body. Shared by the http step and the registry lookups. Goes
// through HTTPS_PROXY/HTTP_PROXY unless NO_PROXY exempts the host, as curl,
// helm and kubectl do; a request given a connection's own agent (the service
// proxy through the API server) goes the way that connection goes.
import { request as httpRequest, type Agent, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createAgent } from '../../kube/proxy-agent.js';
import { proxyFromEnv } from '../../kube/proxy-env.js';

/** What came back. */
export interface Answer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** The body as text, cut at maxBody bytes. */
  body: string;
  ms: number;
}

/** How to ask. */
export interface RequestOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** A connection's own agent (its TLS trust), e.g. the API server's for the service proxy. */
  agent?: Agent;
  /** Sent as the request body (POST, PUT, PATCH, DELETE). */
  body?: string;
  /** Whole-request limit: connect, headers and body. */
  timeoutMs: number;
  /** Accept any certificate (only when the runbook says so). */
  insecure?: boolean;
  signal?: AbortSignal;
  /** Body bytes kept (default 1 MiB); the rest is not read. */
  maxBody?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Sends one request; rejects on network errors, TLS errors and the timeout. */
export function request(url: string, o: RequestOptions): Promise<Answer> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return Promise.reject(new Error(`${url}: only http:// and https:// are supported`));
  const maxBody = o.maxBody ?? 1024 * 1024;
  const started = Date.now();
  let agent;
  try {
    const proxy = o.agent ? undefined : proxyFromEnv(u, o.env ?? process.env);
    // One request, one connection: nothing is kept alive between steps.
    agent = proxy ? createAgent(u, proxy, { keepAlive: false }) : undefined;
  } catch (e) {
    return Promise.reject(e as Error);
  }
  return new Promise((resolve, reject) => {
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(u, { method: o.method ?? 'GET', headers: { 'user-agent': 'helmdeck', ...o.headers }, rejectUnauthorized: !o.insecure, ...((o.agent ?? agent) ? { agent: o.agent ?? agent } : {}), ...(o.signal ? { signal: o.signal } : {}) }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const body = Buffer.concat(chunks).subarray(0, maxBody).toString('utf8');
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body, ms: Date.now() - started });
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= maxBody) {
          done(); // enough read; the verdict uses what is here
          res.destroy();
        }
      });
      res.on('end', done);
      res.on('error', (e) => (settled ? undefined : reject(e)));
      res.on('close', () => (res.complete ? done() : settled || reject(new Error(`the answer from ${u.host} was cut off`))));
    });
    const timer = setTimeout(() => req.destroy(new Error(`no complete answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(o.body);
  });
}
