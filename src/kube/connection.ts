// Resolves what helmdeck talks to — kubeconfig files, context, namespace —
// into a Connection, failing early with one line the operator can act on,
// and checks that the API server answers before any pane starts watching.
import { Backoff } from './backoff.js';
import { KubeError } from './kube-error.js';
import { loadKubeconfig } from './load-kubeconfig.js';
import { getJson } from './request.js';
import { transportOf } from './transport.js';
import type { Connection } from './types.js';

export { KubeError, type KubeErrorKind } from './kube-error.js';
export { describeError } from './describe-error.js';

/** Flags and environment that decide the connection (`--kubeconfig`, `--context`, `-n`). */
export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  env?: NodeJS.ProcessEnv;
}

function available(names: string[]): string {
  return names.length ? names.join(', ') : 'none';
}

/** Loads the kubeconfig and resolves context, cluster, user and namespace; throws KubeError. */
export function connect(opts: ConnectOptions = {}): Connection {
  const { kc, files, label } = loadKubeconfig({ ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), env: opts.env ?? process.env });
  const names = kc.getContexts().map((c) => c.name);
  const contextName = opts.context || kc.getCurrentContext();
  if (!contextName) {
    throw new KubeError('unknown-context', `${label}: no current-context is set; pass --context (available: ${available(names)})`);
  }
  const context = kc.getContextObject(contextName);
  if (!context) throw new KubeError('unknown-context', `${label}: context "${contextName}" not found (available: ${available(names)})`);
  kc.setCurrentContext(contextName);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new KubeError('bad-config', `${label}: context "${contextName}" uses cluster "${context.cluster}", which is not defined`);
  if (context.user && !kc.getUser(context.user)) {
    throw new KubeError('bad-config', `${label}: context "${contextName}" uses user "${context.user}", which is not defined`);
  }
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw new KubeError('bad-config', `${label}: cluster "${cluster.name}" has an invalid server address "${cluster.server}"`);
  }
  if (server.protocol !== 'http:' && server.protocol !== 'https:') {
    throw new KubeError('bad-config', `${label}: cluster "${cluster.name}" has an unsupported server address "${cluster.server}"`);
  }
  const conn: Connection = {
    kc,
    context: contextName,
    cluster: cluster.name,
    server: cluster.server.replace(/\/+$/, ''),
    user: context.user ?? '',
    namespace: opts.namespace || context.namespace || 'default',
    configFiles: files,
  };
  // Files named by the cluster and user (CA, client certificate, token file) are read now: a bad path stops here, not at the first request.
  try {
    transportOf(conn);
  } catch (err) {
    if (err instanceof KubeError) throw new KubeError(err.kind, `${label}: ${err.message}`, { cause: err });
    throw err;
  }
  return conn;
}

/** What /version answers. */
export interface ServerVersion {
  major?: string;
  minor?: string;
  gitVersion?: string;
  platform?: string;
}

/**
 * GETs /version within `timeoutMs` (one bound for the whole check, as
 * kubectl's --request-timeout bounds a request): resolves with the server's
 * version or throws KubeError (unreachable, tls, unauthorized, timeout…).
 * A transient answer — 429, a 5xx, a reset connection — is tried again with
 * back-off while time remains: one bad answer at start-up is not an outage.
 */
export async function checkReachable(conn: Connection, timeoutMs = 5000): Promise<ServerVersion> {
  const deadline = Date.now() + timeoutMs;
  const backoff = new Backoff({ initialMs: 200, maxMs: 2000, jitter: 0.2 });
  for (;;) {
    try {
      return await getJson<ServerVersion>(conn, '/version', { timeoutMs: Math.max(1, deadline - Date.now()) });
    } catch (err) {
      const wait = backoff.next();
      if (!isTransient(err) || Date.now() + wait >= deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Worth asking again: the server is busy or restarting, not refusing us. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof KubeError)) return false;
  const status = err.statusCode;
  if (status === 429 || (status !== undefined && status >= 500 && status !== 501)) return true;
  return err.kind === 'unreachable' && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'UND_ERR_SOCKET' || /connection closed/.test(err.message));
}
