import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SimContext } from '../context.js';
import type { ContainerRuntimes } from '../runtime/runtimes.js';
import { refuseUpgrade, type ConnectRequest } from './connect-path.js';
import { errors } from './errors.js';

export function servePortForward(_ctx: SimContext, _rt: ContainerRuntimes, _c: ConnectRequest, _req: IncomingMessage, socket: Duplex, _head: Buffer): void {
  refuseUpgrade(socket, errors.badRequest('not yet'));
}
