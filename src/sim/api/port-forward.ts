// pods/portforward as kubectl speaks it: a SPDY/3.1 session tunnelled in a
// WebSocket (subprotocol SPDY/3.1+portforward.k8s.io, kubectl 1.31+) or, as
// its fallback, a plain SPDY upgrade. For every forwarded connection kubectl
// opens an "error" and a "data" stream sharing a requestID; the data stream
// is joined to what listens on the pod's port, and a refused dial is told on
// the error stream, as the kubelet does.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SimContext } from '../context.js';
import type { ContainerRuntimes } from '../runtime/runtimes.js';
import { refuseUpgrade, type ConnectRequest } from './connect-path.js';
import { errors } from './errors.js';
import { RT } from './resources.js';
import { SpdySession, type SpdyStream } from './spdy.js';
import { acceptWebSocket, isWebSocketRequest } from './websocket.js';

const PROTOCOL = 'portforward.k8s.io';
const TUNNEL = `SPDY/3.1+${PROTOCOL}`;

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

/** Serves one port-forward upgrade request for its whole life. */
export function servePortForward(ctx: SimContext, runtimes: ContainerRuntimes, c: ConnectRequest, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  if (!ctx.store.get(RT.pods, c.namespace, c.name)) return refuseUpgrade(socket, errors.notFound('', 'pods', c.name));
  let session: SpdySession;
  if (isWebSocketRequest(req)) {
    const accepted = acceptWebSocket(req, socket, head, [TUNNEL]);
    if (!accepted) return;
    const { ws } = accepted;
    session = new SpdySession((frame) => ws.send(frame));
    ws.on('message', (m: Buffer) => session.receive(m));
    ws.on('close', () => session.closeAll());
  } else if (/^spdy\/3\.1$/i.test(String(req.headers.upgrade ?? ''))) {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PROTOCOL}\r\n\r\n`);
    session = new SpdySession((frame) => socket.write(frame));
    socket.on('data', (d: Buffer) => session.receive(d));
    socket.on('close', () => session.closeAll());
    if (head.length) session.receive(head);
  } else {
    return refuseUpgrade(socket, errors.badRequest('port-forward needs a WebSocket (SPDY/3.1+portforward.k8s.io) or SPDY/3.1 upgrade'));
  }
  const pairs = new Map<string, Pair>();
  session.on('stream', (s: SpdyStream) => {
    const key = s.headers.requestid ?? s.headers.port ?? '';
    const pair = pairs.get(key) ?? {};
    pairs.set(key, pair);
    if (s.headers.streamtype === 'error') pair.error = s;
    else if (s.headers.streamtype === 'data') pair.data = s;
    if (pair.error && pair.data) {
      pairs.delete(key);
      void forward(ctx, runtimes, c, pair.error, pair.data);
    }
  });
}

async function forward(ctx: SimContext, runtimes: ContainerRuntimes, c: ConnectRequest, error: SpdyStream, data: SpdyStream): Promise<void> {
  // What the client sends while the pod's port is dialled is kept, not lost.
  const early: Buffer[] = [];
  let ended = false;
  const keep = (d: Buffer) => early.push(d);
  const keepEnd = () => void (ended = true);
  data.on('data', keep);
  data.on('end', keepEnd);
  const port = Number(data.headers.port);
  const pod = ctx.store.get(RT.pods, c.namespace, c.name);
  let conn;
  try {
    if (!pod || !Number.isInteger(port)) throw new Error(`pod ${c.name} is gone`);
    conn = await runtimes.network.dial(pod, port);
  } catch (err) {
    error.write(Buffer.from(`error forwarding port ${port} to pod ${c.name}, uid ${pod?.metadata.uid ?? ''}: failed to connect to localhost:${port} inside the pod's network namespace, IPv4: ${(err as Error).message}`));
    error.end();
    data.end();
    return;
  }
  const finish = () => {
    data.end();
    error.end();
  };
  conn.on('data', (d: Buffer) => data.write(d));
  conn.on('end', finish);
  conn.on('close', finish);
  conn.on('error', () => {});
  data.off('data', keep);
  data.off('end', keepEnd);
  for (const d of early) conn.write(d);
  if (ended) conn.end();
  data.on('data', (d: Buffer) => conn.write(d));
  data.on('end', () => conn.end());
  data.on('reset', () => conn.destroy());
}
