// How a simulated container answers HTTP from its KUBESIM_HTTP routes — the
// one rule behind the API server's proxy and a port-forwarded connection:
// exact path match (query ignored), HEAD as GET without a body, 405 for a
// known path with another method, 404 otherwise; a JSON body is sent as
// application/json.
import type { KObject } from '../store/types.js';
import { containerPorts, type HttpRoute } from './conventions.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function contentType(body: string): string {
  try {
    JSON.parse(body);
    if (/^\s*[[{"]/.test(body)) return 'application/json';
  } catch {
    // not JSON
  }
  return 'text/plain; charset=utf-8';
}

/** The answer of these routes to METHOD PATH. */
export function answerRoute(routes: HttpRoute[], method: string, pathWithQuery: string): HttpAnswer {
  const path = pathWithQuery.split('?')[0] || '/';
  const want = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const route = routes.find((r) => r.path === path && r.method === want);
  if (!route) {
    const other = routes.filter((r) => r.path === path).map((r) => r.method);
    if (other.length) return { status: 405, headers: { 'Content-Type': 'text/plain; charset=utf-8', Allow: [...new Set(other)].join(', ') }, body: 'Method Not Allowed\n' };
    return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
  }
  return { status: route.status, headers: { 'Content-Type': contentType(route.body) }, body: method.toUpperCase() === 'HEAD' ? '' : route.body };
}

/** The container of a pod that listens on a TCP port (declared as a containerPort). */
export function containerOnPort(pod: KObject, port: number): any {
  return (pod.spec?.containers ?? []).find((c: any) => containerPorts(c).includes(port));
}

/** Whether the container answers now: only while Ready, as traffic reaches a real pod's server. */
export function containerReady(pod: KObject, name: string): boolean {
  return !!(pod.status?.containerStatuses ?? []).find((s: any) => s.name === name)?.ready;
}

