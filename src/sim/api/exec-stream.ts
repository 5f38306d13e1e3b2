// pods/exec over WebSocket as kubectl 1.30+ speaks it (remotecommand
// v5.channel.k8s.io, v4 accepted): every binary message starts with its
// stream id — 0 stdin, 1 stdout, 2 stderr, 3 the final Status, 4 resize —
// and v5's [255, id] closes the client's side of a stream (stdin EOF).
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Duplex } from 'node:stream';
import type { SimContext } from '../context.js';
import { execInContainer } from '../runtime/exec.js';
import type { ContainerRuntimes } from '../runtime/runtimes.js';
import type { KObject } from '../store/types.js';
import { RT } from './resources.js';
import { refuseUpgrade, type ConnectRequest } from './connect-path.js';
import { ApiError, errors } from './errors.js';
import { acceptWebSocket, isWebSocketRequest } from './websocket.js';

const STREAM = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** The pod and its running container an exec or port-forward addresses, or the API server's refusal. */
export function runningContainer(ctx: SimContext, c: ConnectRequest, containerName?: string): { pod: KObject; container: any } {
  const pod = ctx.store.get(RT.pods, c.namespace, c.name);
  if (!pod) throw errors.notFound('', 'pods', c.name);
  if (!pod.spec?.nodeName) throw errors.badRequest(`pod ${c.name} does not have a host assigned`);
  const containers: any[] = pod.spec?.containers ?? [];
  const container = containerName ? [...containers, ...(pod.spec?.initContainers ?? [])].find((x) => x.name === containerName) : containers[0];
  if (!container) throw errors.badRequest(`container ${containerName} is not valid for pod ${c.name}`);
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: any) => s.name === container.name);
  if (!status?.state?.running) throw errors.badRequest(`container not found ("${container.name}")`);
  return { pod, container };
}

/** The Status a remotecommand client reads on stream 3 when the command ends. */
export function exitStatus(argv: string[], code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** Serves one exec upgrade request. */
export function serveExec(ctx: SimContext, runtimes: ContainerRuntimes, c: ConnectRequest, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  let target: { pod: KObject; container: any };
  try {
    target = runningContainer(ctx, c, c.query.get('container') ?? undefined);
    if (!isWebSocketRequest(req)) throw errors.badRequest('kubesim serves exec over WebSocket (v5.channel.k8s.io) only, as kubectl 1.30 and later speak it');
  } catch (err) {
    refuseUpgrade(socket, err instanceof ApiError ? err : errors.internal(String(err)));
    return;
  }
  const argv = c.query.getAll('command');
  const flag = (k: string) => ['true', '1'].includes(c.query.get(k) ?? '');
  const accepted = acceptWebSocket(req, socket, head, PROTOCOLS);
  if (!accepted) return;
  const { ws } = accepted;
  const stdin = flag('stdin') ? new PassThrough() : undefined;
  ws.on('message', (m: Buffer) => {
    if (!m.length) return;
    if (m[0] === STREAM.stdin) stdin?.write(m.subarray(1));
    else if (m[0] === STREAM.close && m[1] === STREAM.stdin) stdin?.end();
  });
  ws.on('close', () => stdin?.end());
  const send = (id: number) => (data: Buffer | string) => {
    const payload = typeof data === 'string' ? Buffer.from(data) : data;
    if (payload.length) ws.send(Buffer.concat([Buffer.from([id]), payload]));
  };
  const wantOut = flag('stdout');
  const wantErr = flag('stderr');
  const streams = {
    ...(stdin ? { stdin } : {}),
    stdout: wantOut ? send(STREAM.stdout) : () => {},
    stderr: wantErr ? send(STREAM.stderr) : () => {},
  };
  execInContainer(runtimes, target.pod, target.container, argv, streams)
    .catch((err) => {
      streams.stderr(`kubesim: ${String((err as Error)?.message ?? err)}\n`);
      return 1;
    })
    .then((code) => {
      send(STREAM.error)(JSON.stringify(exitStatus(argv, code)));
      ws.close(1000);
    });
}
