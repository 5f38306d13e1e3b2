// The proxy subresource of services and pods: the API server forwards an
// HTTP request to a ready endpoint of the Service (503 when there is none,
// as Kubernetes answers) or to the pod itself, where the container answers
// from its KUBESIM_HTTP routes — only while it is Ready, else the dial is
// refused (503).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from '../context.js';
import { answerRoute, containerOnPort, containerReady } from '../runtime/http-routes.js';
import { httpRoutes } from '../runtime/conventions.js';
import type { KObject } from '../store/types.js';
import { readBody } from './codec.js';
import type { ConnectRequest } from './connect-path.js';
import { errors } from './errors.js';
import { RT } from './resources.js';

/** The pod and port a service proxy request lands on: a ready endpoint of the named service port. */
function serviceTarget(ctx: SimContext, c: ConnectRequest): { pod: KObject; port: number } {
  const svc = ctx.store.get(RT.services, c.namespace, c.name);
  if (!svc) throw errors.notFound('', 'services', c.name);
  const ports: any[] = svc.spec?.ports ?? [];
  const svcPort = c.port === undefined ? ports[0] : ports.find((p) => p.name === c.port || String(p.port) === c.port);
  if (!svcPort) throw errors.unavailable(`no service port "${c.port ?? ''}" found for service "${c.name}"`);
  const candidates: { pod: KObject; port: number }[] = [];
  for (const subset of ctx.store.get(RT.endpoints, c.namespace, c.name)?.subsets ?? []) {
    const ep = (subset.ports ?? []).find((p: any) => (p.name ?? '') === (svcPort.name ?? '') || (subset.ports.length === 1 && !svcPort.name));
    if (!ep) continue;
    for (const a of subset.addresses ?? []) {
      const pod = a.targetRef?.name ? ctx.store.get(RT.pods, c.namespace, a.targetRef.name) : undefined;
      if (pod) candidates.push({ pod, port: ep.port });
    }
  }
  if (!candidates.length) throw errors.unavailable(`no endpoints available for service "${c.name}"`);
  // Any ready endpoint, as kube-proxy picks one at random.
  return candidates[Math.floor(Math.random() * candidates.length)]!;
}

/** The pod and port a pod proxy request lands on (port by number or containerPort name; 80 by default). */
function podTarget(ctx: SimContext, c: ConnectRequest): { pod: KObject; port: number } {
  const pod = ctx.store.get(RT.pods, c.namespace, c.name);
  if (!pod) throw errors.notFound('', 'pods', c.name);
  if (c.port === undefined) return { pod, port: 80 };
  if (/^\d+$/.test(c.port)) return { pod, port: Number(c.port) };
  for (const ct of pod.spec?.containers ?? []) for (const p of ct.ports ?? []) if (p.name === c.port) return { pod, port: p.containerPort };
  throw errors.badRequest(`no port named "${c.port}" in pod ${c.name}`);
}

/** Serves one proxied HTTP request. */
export async function serveProxy(ctx: SimContext, c: ConnectRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pod, port } = c.resource === 'services' ? serviceTarget(ctx, c) : podTarget(ctx, c);
  const container = containerOnPort(pod, port);
  if (!container || !containerReady(pod, container.name) || !pod.status?.podIP) {
    throw errors.unavailable(`error trying to reach service: dial tcp ${pod.status?.podIP ?? '<none>'}:${port}: connect: connection refused`);
  }
  await readBody(req);
  const answer = answerRoute(httpRoutes(container), req.method ?? 'GET', c.rest);
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
