// Requests that leave HTTP (Connection: Upgrade): exec and port-forward
// streams. They pass the same door as every request — bearer token, the
// fault injector's 401 and 403 — before a stream is opened.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SimContext } from '../context.js';
import type { Faults } from '../faults.js';
import type { ContainerRuntimes } from '../runtime/runtimes.js';
import { parseConnectPath, refuseUpgrade, type ConnectRequest } from './connect-path.js';
import { errors } from './errors.js';
import { serveExec } from './exec-stream.js';
import { servePortForward } from './port-forward.js';
import { NotFoundPath } from './request-info.js';

export interface UpgradeDeps {
  ctx: SimContext;
  faults: Faults;
  runtimes: ContainerRuntimes;
  tokenOk(header: string | undefined): boolean;
}

/** Forbidden when the resource or its subresource is (`forbid=pods`, `forbid=pods/exec`, `forbid=services/proxy`). */
export function connectForbidden(faults: Faults, c: ConnectRequest): boolean {
  return faults.isForbidden('', c.resource) || faults.isForbidden('', `${c.resource}/${c.subresource}`);
}

export function connectForbiddenError(c: ConnectRequest, verb: string) {
  return errors.forbidden('', `${c.resource}/${c.subresource}`, verb, c.namespace);
}

/** Handles the server's 'upgrade' event. */
export function handleUpgrade(d: UpgradeDeps, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => {
    // A client that vanished mid-stream is not our error.
  });
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  if (!d.tokenOk(req.headers.authorization) || d.faults.tokenExpired) return refuseUpgrade(socket, errors.unauthorized());
  const c = parseConnectPath(url);
  if (!c || c.subresource === 'proxy' || c.subresource === 'attach') return refuseUpgrade(socket, new NotFoundPath(url.pathname));
  d.faults.requests.record({ at: Date.now(), method: req.method ?? 'GET', verb: 'create', resource: `${c.resource}/${c.subresource}`, namespace: c.namespace });
  if (connectForbidden(d.faults, c)) return refuseUpgrade(socket, connectForbiddenError(c, 'create'));
  if (c.subresource === 'exec') return serveExec(d.ctx, d.runtimes, c, req, socket, head);
  return servePortForward(d.ctx, d.runtimes, c, req, socket, head);
}
