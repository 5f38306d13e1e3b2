// In-cluster URLs (`http://NAME.NAMESPACE.svc[.cluster.local][:PORT]/path`)
// reached from outside the cluster the way kubectl can: through the API
// server's service proxy, `/api/v1/namespaces/NS/services/[https:]NAME:PORT/proxy/PATH`,
// with the connection's own credentials and TLS settings.
import type { Agent } from 'node:http';
import { apiUrl } from './request.js';
import { transportOf } from './transport.js';
import type { Connection } from './types.js';

/** A Service named by its cluster DNS name. */
export interface ServiceRef {
  namespace: string;
  name: string;
  port: number;
  scheme: 'http' | 'https';
  /** Path and query string on the service. */
  path: string;
}

const SVC_HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?\.?$/;

/** The Service a URL names, or undefined when its host is not `NAME.NAMESPACE.svc[.cluster.local]`. */
export function parseServiceUrl(url: string): ServiceRef | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const m = SVC_HOST.exec(u.hostname);
  if (!m || (u.protocol !== 'http:' && u.protocol !== 'https:')) return undefined;
  const scheme = u.protocol === 'https:' ? 'https' : 'http';
  return { name: m[1]!, namespace: m[3]!, port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80, scheme, path: `${u.pathname}${u.search}` };
}

/** The API server URL that proxies to the Service. */
export function serviceProxyUrl(conn: Connection, s: ServiceRef): URL {
  const target = `${s.scheme === 'https' ? 'https:' : ''}${s.name}:${s.port}`;
  const base = apiUrl(conn, `/api/v1/namespaces/${encodeURIComponent(s.namespace)}/services/${encodeURIComponent(target)}/proxy`);
  return new URL(`${base.toString()}${s.path.startsWith('/') ? s.path : `/${s.path}`}`);
}

/** The agent and credential headers of the connection, for a request of our own. */
export async function connectionAuth(conn: Connection): Promise<{ agent: Agent; headers: Record<string, string | string[]> }> {
  const auth = await transportOf(conn).auth();
  return { agent: auth.agent, headers: auth.headers };
}

/** A Kubernetes Status body: the API server answered, not the service behind it. */
export function apiStatusOf(body: string): { reason?: string; message?: string } | undefined {
  try {
    const s = JSON.parse(body);
    return s && s.kind === 'Status' && s.apiVersion === 'v1' ? s : undefined;
  } catch {
    return undefined;
  }
}
