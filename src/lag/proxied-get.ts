// A GET through an HTTP proxy for the lag sources, which otherwise use
// fetch (it has no per-request proxy): what fetch would answer — status,
// status text and body — with the same kind of errors.
import type { IncomingMessage } from 'node:http';
import { createAgent } from '../kube/proxy-agent.js';

const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

/** What came back. */
export interface ProxiedAnswer {
  ok: boolean;
  status: number;
  statusText: string;
  body: string;
}

const MAX_BODY = 16 * 1024 * 1024;

/** GETs `url` through `proxy` within `timeoutMs`; rejects with a TimeoutError, the proxy's error, or a network error. */
export function proxiedGet(url: URL, proxy: URL, o: { timeoutMs: number; accept: string }): Promise<ProxiedAnswer> {
  return new Promise((resolve, reject) => {
    const agent = createAgent(url, proxy, { keepAlive: false });
    const send = url.protocol === 'https:' ? https.get : http.get;
    const req = send(url, { agent, headers: { accept: o.accept, 'user-agent': 'helmdeck' } }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy(new Error(`the answer from ${url.host} is larger than ${MAX_BODY} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status <= 299, status, statusText: res.statusMessage ?? '', body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), o.timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
