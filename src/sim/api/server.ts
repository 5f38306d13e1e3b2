// kubesim's HTTPS front door: bearer-token auth, the fault injector's hooks,
// discovery and OpenAPI, then dispatch of resource requests to handlers.
// Every failure leaves as a `kind: Status` body; nothing crashes the server.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { SimContext } from '../context.js';
import type { Faults } from '../faults.js';
import type { SimTls } from '../tls.js';
import { decodeObject, readBody, responseShape } from './codec.js';
import {
  AGGREGATED_V2,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
  wantsAggregated,
} from './discovery.js';
import { ApiError, errors } from './errors.js';
import { getOne, listObjects } from './handlers/read.js';
import { answerReview } from './handlers/reviews.js';
import { serveWatch, type WatchHub } from './handlers/watch.js';
import { createObject, deleteCollection, deleteObject, patchObject, replaceObject, scaleOf } from './handlers/write.js';
import { openapiDocument, openapiRoot } from './openapi.js';
import { NotFoundPath, parseResourcePath, type ResourceRequest } from './request-info.js';
import { verbsOf } from './resources.js';
import { streamPodLogs } from '../kubelet/log-endpoint.js';
import { startLoad } from '../load.js';
import { pushImages } from '../registry/push-images.js';
import type { ContainerRuntimes } from '../runtime/runtimes.js';
import { parseConnectPath } from './connect-path.js';
import { serveProxy } from './proxy.js';
import { connectForbidden, connectForbiddenError, handleUpgrade } from './upgrade.js';

export interface ApiServerOptions {
  ctx: SimContext;
  faults: Faults;
  tls: SimTls;
  token: string;
  /** Container filesystems and databases, for exec, port-forward and proxy. */
  runtimes: ContainerRuntimes;
  /** Real ms between watch bookmarks. */
  bookmarkIntervalMs?: number;
}

export interface ApiServer {
  server: Server;
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

function tokenOk(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7).trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** Creates the HTTPS API server (not yet listening). */
export function createApiServer(o: ApiServerOptions): ApiServer {
  const { ctx, faults } = o;
  const hub: WatchHub = { store: ctx.store, faults, open: new Set(), bookmarkIntervalMs: o.bookmarkIntervalMs ?? 10_000 };
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];

  const server = createServer({ cert: o.tls.certPem, key: o.tls.keyPem, ca: o.tls.caPem }, (req, res) => {
    logRequest(req);
    const run = () => {
      handle(req, res).catch((err) => {
        const apiErr = err instanceof ApiError ? err : errors.internal(String((err as Error)?.message ?? err));
        if (!(err instanceof ApiError)) console.error('kubesim: request failed:', req.method, req.url, err);
        sendError(res, apiErr);
      });
    };
    // The fault endpoints themselves answer at once: a paused server must still hear "resume".
    const adminPath = (req.url ?? '').startsWith('/kubesim/');
    if (faults.paused && !adminPath) held.push(run);
    else if (faults.latencyMs > 0 && !adminPath) setTimeout(run, faults.latencyMs);
    else run();
  });
  server.keepAliveTimeout = 60_000;
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    handleUpgrade({ ctx, faults, runtimes: o.runtimes, tokenOk: (h) => tokenOk(h, o.token) }, req, socket, head);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {
    // A client that rejects our certificate (or a port scan) is not our error.
  });

  faults.on('drop-watches', () => {
    for (const close of [...hub.open]) close();
  });
  faults.on('expire-watches', () => ctx.store.compactHistory());
  faults.on('resume', () => {
    for (const run of held.splice(0)) run();
  });
  faults.on('restart', () => {
    for (const close of [...hub.open]) close();
    for (const s of sockets) s.destroy();
    held.splice(0);
  });

  // Counted on arrival, before any fault answers: what a client asked for is what tests judge it by.
  function logRequest(req: IncomingMessage): void {
    const method = req.method ?? 'GET';
    let verb = '';
    let resource = '';
    let namespace = '';
    try {
      const r = parseResourcePath(method, new URL(req.url ?? '/', 'https://127.0.0.1'));
      if (r) {
        verb = r.verb;
        resource = r.rt.group ? `${r.rt.resource}.${r.rt.group}` : r.rt.resource;
        namespace = r.namespace ?? '';
      }
    } catch {
      // A path kubesim does not serve: logged without a resource, answered by handle().
    }
    faults.requests.record({ at: Date.now(), method, verb, resource, namespace });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!tokenOk(req.headers.authorization, o.token)) throw errors.unauthorized();
    if (faults.tokenExpired && !path.startsWith('/kubesim/')) throw errors.unauthorized();
    if (faults.errorFraction > 0 && !path.startsWith('/kubesim/') && Math.random() < faults.errorFraction) {
      throw Math.random() < 0.5 ? errors.internal('injected fault') : errors.unavailable('injected fault: the server is currently unable to handle the request');
    }
    if (path.startsWith('/kubesim/')) return admin(req, res, path);
    const accept = req.headers.accept;
    if (path === '/version') return sendJson(res, 200, versionInfo());
    if (path === '/api' || path === '/apis') {
      if (wantsAggregated(accept)) return sendJson(res, 200, aggregatedDiscovery(path === '/api'), AGGREGATED_V2);
      return sendJson(res, 200, path === '/api' ? apiVersions(`127.0.0.1:${(server.address() as { port: number }).port}`) : apiGroupList());
    }
    if (path === '/openapi/v3') return sendJson(res, 200, openapiRoot());
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapiDocument(path.slice('/openapi/v3/'.length));
      if (doc) return sendJson(res, 200, doc);
      throw new NotFoundPath(path);
    }
    const connect = parseConnectPath(url);
    if (connect) {
      if (connectForbidden(faults, connect)) throw connectForbiddenError(connect, (req.method ?? 'GET') === 'GET' ? 'get' : 'create');
      if (connect.subresource !== 'proxy') throw errors.badRequest('Upgrade request required');
      return serveProxy(ctx, connect, req, res);
    }
    const r = parseResourcePath(req.method ?? 'GET', url);
    if (!r) {
      const parts = path.split('/').filter(Boolean);
      if (parts[0] === 'api' && parts.length === 2) {
        const list = apiResourceList('', parts[1]!);
        if (list) return sendJson(res, 200, list);
      }
      if (parts[0] === 'apis' && parts.length === 2) {
        const g = apiGroup(parts[1]!);
        if (g) return sendJson(res, 200, g);
      }
      if (parts[0] === 'apis' && parts.length === 3) {
        const list = apiResourceList(parts[1]!, parts[2]!);
        if (list) return sendJson(res, 200, list);
      }
      throw new NotFoundPath(path);
    }
    if (faults.isForbidden(r.rt.group, r.rt.resource)) throw errors.forbidden(r.rt.group, r.rt.resource, r.verb, r.namespace);
    if (!verbsOf(r.rt).includes(r.verb)) throw errors.methodNotAllowed(req.method ?? 'GET');
    await resource(r, req, res);
  }

  async function resource(r: ResourceRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const shape = responseShape(req.headers.accept);
    const store = ctx.store;
    switch (r.verb) {
      case 'get':
        if (r.subresource === 'log') return serveLog(r, req, res);
        if (r.subresource === 'scale') return sendJson(res, 200, scaleOf(store, r));
        return sendJson(res, 200, getOne(store, r, shape));
      case 'list':
        return sendJson(res, 200, listObjects(store, r, shape));
      case 'watch':
        return serveWatch(hub, r, req, res, shape);
      default: {
        const warnings: string[] = [];
        const w = { r, contentType: req.headers['content-type'], body: await readBody(req), userAgent: String(req.headers['user-agent'] ?? ''), warnings };
        // Unknown fields dropped under fieldValidation=Warn come back as Warning headers.
        const warn = () => {
          if (warnings.length && !res.headersSent) res.setHeader('Warning', warnings.map((m) => `299 - ${JSON.stringify(m)}`));
        };
        switch (r.verb) {
          case 'create': {
            const review = r.rt.verbs ? answerReview(r.rt.kind, decodeObject(w.contentType, w.body), faults) : undefined;
            if (review) return sendJson(res, 201, review);
            const created = createObject(store, w);
            warn();
            return sendJson(res, 201, created);
          }
          case 'update': {
            const replaced = replaceObject(store, w);
            warn();
            return sendJson(res, 200, replaced);
          }
          case 'patch': {
            const existed = r.subresource ? true : !!store.get(r.rt, r.namespace, r.name!);
            const patched = patchObject(store, w);
            return sendJson(res, existed ? 200 : 201, patched);
          }
          case 'delete':
            return sendJson(res, 200, deleteObject(store, w));
          case 'deletecollection':
            return sendJson(res, 200, deleteCollection(store, w));
        }
      }
    }
  }

  function serveLog(r: ResourceRequest, req: IncomingMessage, res: ServerResponse): void {
    const pod = ctx.store.mustGet(r.rt, r.namespace, r.name!);
    const q = r.query;
    const num = (k: string) => {
      const v = q.get(k);
      if (v === null) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`invalid ${k} "${v}"`);
      return n;
    };
    const bool = (k: string) => q.get(k) === 'true' || q.get(k) === '1';
    const opts = {
      ...(q.get('container') ? { container: q.get('container')! } : {}),
      follow: bool('follow'),
      previous: bool('previous'),
      timestamps: bool('timestamps'),
      ...(num('tailLines') !== undefined ? { tailLines: num('tailLines')! } : {}),
      ...(num('sinceSeconds') !== undefined ? { sinceSeconds: num('sinceSeconds')! } : {}),
      ...(num('limitBytes') !== undefined ? { limitBytes: num('limitBytes')! } : {}),
      ...(q.get('sinceTime') ? { sinceTime: q.get('sinceTime')! } : {}),
    };
    let started = false;
    const out = {
      write(chunk: string): boolean {
        if (!started) {
          started = true;
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
          if (opts.follow) res.flushHeaders();
        }
        return res.write(chunk);
      },
      end(): void {
        if (!started) {
          started = true;
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 0 });
        }
        res.end();
      },
    };
    const cancel = streamPodLogs(ctx, pod, opts, out);
    if (opts.follow && !started) {
      started = true;
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
    }
    const stop = () => cancel();
    req.on('close', stop);
    hub.open.add(stop);
    res.on('finish', () => hub.open.delete(stop));
  }

  async function adminBody(req: IncomingMessage): Promise<any> {
    try {
      return JSON.parse((await readBody(req)).toString('utf8') || '{}');
    } catch (err) {
      throw errors.badRequest(`malformed JSON body: ${(err as Error).message}`);
    }
  }

  async function admin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/kubesim/v1/faults' && req.method === 'POST') {
      const body = await adminBody(req);
      const fault = String(body.fault ?? '');
      // A restart drops every connection, this one too: answer first, so the caller learns it was applied.
      if (fault.trim() === 'restart') {
        res.once('finish', () => faults.apply(fault));
        return sendJson(res, 200, { applied: body.fault });
      }
      try {
        faults.apply(fault);
      } catch (err) {
        throw errors.badRequest((err as Error).message);
      }
      return sendJson(res, 200, { applied: body.fault });
    }
    if (path === '/kubesim/v1/requests' && req.method === 'GET') {
      return sendJson(res, 200, { counts: faults.requests.counts() });
    }
    if (path === '/kubesim/v1/load' && req.method === 'POST') {
      const body = await adminBody(req);
      let run;
      try {
        run = startLoad(ctx, body);
      } catch (err) {
        throw errors.badRequest((err as Error).message);
      }
      return sendJson(res, 200, { created: run.created });
    }
    if (path === '/kubesim/v1/images' && req.method === 'POST') {
      const body = await adminBody(req);
      try {
        return sendJson(res, 200, { pushed: pushImages(ctx, body.images) });
      } catch (err) {
        throw errors.badRequest((err as Error).message);
      }
    }
    throw new NotFoundPath(path);
  }

  return {
    server,
    listen(port: number) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as { port: number }).port);
        });
      });
    },
    close() {
      for (const close of [...hub.open]) close();
      held.splice(0);
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
