// How requests reach one context's API server: the TLS settings of its
// cluster (CA data or file, insecure-skip-tls-verify, tls-server-name), the
// credentials of its user (token or token file, client certificate, basic
// auth, exec plugin, impersonation), and one keep-alive agent that every
// list, watch and log stream of the connection shares — through the
// cluster's proxy-url or the environment's HTTPS_PROXY/NO_PROXY, as kubectl.
import { readFileSync } from 'node:fs';
import type { Agent as HttpAgent } from 'node:http';
import { ExecCredentialCache, runExecPlugin, type ExecCredential } from './exec-credential.js';
import type { KubeCluster, KubeUser } from './kubeconfig.js';
import { KubeError } from './kube-error.js';
import { checkProxyScheme, createAgent } from './proxy-agent.js';
import { parseProxyUrl, proxyFromEnv } from './proxy-env.js';
import type { Connection } from './types.js';

/** What one request gets from the transport. */
export interface RequestAuth {
  agent: HttpAgent;
  headers: Record<string, string | string[]>;
  /** Set when an exec plugin supplied the credential. */
  credential?: ExecCredential;
  /** The plugin ran for this request (so a 401 is not worth retrying). */
  fresh: boolean;
}

/** One context's way to the API server. */
export interface Transport {
  auth(): Promise<RequestAuth>;
  /** The server answered 401 to `auth`: forget an exec credential so the next request runs the plugin again. */
  rejected(auth: RequestAuth): void;
}

// client-go re-reads a token file at most once a minute: rotated tokens are picked up without a file read per request.
const TOKEN_FILE_TTL_MS = 60_000;

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeError('bad-config', `${what} ${file}: cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

function impersonation(user: KubeUser | undefined): Record<string, string | string[]> {
  const i = user?.impersonate;
  if (!i) return {};
  const headers: Record<string, string | string[]> = {};
  if (i.user) headers['Impersonate-User'] = i.user;
  if (i.uid) headers['Impersonate-Uid'] = i.uid;
  if (i.groups.length) headers['Impersonate-Group'] = i.groups;
  for (const [k, v] of Object.entries(i.extra)) headers[`Impersonate-Extra-${encodeURIComponent(k)}`] = v;
  return headers;
}

/** The proxy to `server`: the cluster's proxy-url (which, as in client-go, ignores NO_PROXY), else the environment's. */
function proxyOf(cluster: KubeCluster, server: URL, env: NodeJS.ProcessEnv): URL | undefined {
  let proxy: URL | undefined;
  const where = cluster.proxyUrl ? `cluster "${cluster.name}" proxy-url` : server.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  try {
    proxy = cluster.proxyUrl ? parseProxyUrl(cluster.proxyUrl) : proxyFromEnv(server, env);
    if (proxy) checkProxyScheme(proxy);
  } catch (err) {
    throw new KubeError('bad-config', `${where}: ${(err as Error).message}`, { cause: err });
  }
  return proxy;
}

/** Builds the transport of a resolved context; reads every file it names now, so a bad path fails at start. */
export function createTransport(cluster: KubeCluster, user: KubeUser | undefined, server: URL, env: NodeJS.ProcessEnv = process.env): Transport {
  const proxy = proxyOf(cluster, server, env);
  if (user?.authProvider) {
    throw new KubeError('bad-config', `user "${user.name}" uses the legacy auth-provider "${user.authProvider}", which helmdeck does not support: switch to its exec plugin (e.g. gke-gcloud-auth-plugin, kubelogin)`);
  }
  if (user && (user.token || user.tokenFile) && (user.username || user.password)) {
    throw new KubeError('bad-config', `user "${user.name}" sets both a token and username/password; kubectl refuses that too`);
  }
  const ca = cluster.caData ?? (cluster.caFile ? readPem(cluster.caFile, `cluster "${cluster.name}" certificate-authority`) : undefined);
  const cert = user?.certData ?? (user?.certFile ? readPem(user.certFile, `user "${user.name}" client-certificate`) : undefined);
  const key = user?.keyData ?? (user?.keyFile ? readPem(user.keyFile, `user "${user.name}" client-key`) : undefined);
  if (!!cert !== !!key) throw new KubeError('bad-config', `user "${user!.name}" sets a client ${cert ? 'certificate without its key' : 'key without its certificate'}`);
  if (user?.tokenFile) readPem(user.tokenFile, `user "${user.name}" tokenFile`);

  const agents = new Map<string, HttpAgent>();
  const agentFor = (certPem?: string, keyPem?: string): HttpAgent => {
    const id = certPem ?? '';
    let agent = agents.get(id);
    if (agent) return agent;
    // Keep-alive: watches hold their sockets; lists and log opens reuse free ones instead of a TLS handshake each.
    agent = createAgent(server, proxy, { keepAlive: true, scheduling: 'lifo' }, {
      ...(ca ? { ca } : {}),
      ...(certPem && keyPem ? { cert: certPem, key: keyPem } : {}),
      rejectUnauthorized: !cluster.skipTLSVerify,
      ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
    });
    agents.set(id, agent);
    return agent;
  };

  const fixed = impersonation(user);
  let token = user?.token;
  let tokenReadAt = 0;
  const bearer = (): string | undefined => {
    if (user?.token || !user?.tokenFile) return token;
    if (Date.now() - tokenReadAt > TOKEN_FILE_TTL_MS) {
      try {
        token = readFileSync(user.tokenFile, 'utf8').trim();
        tokenReadAt = Date.now();
      } catch (err) {
        // A token being rotated may be missing for a moment: keep the last one if there is one.
        if (token === undefined) throw new KubeError('bad-config', `user "${user.name}" tokenFile ${user.tokenFile}: cannot read it`, { cause: err });
      }
    }
    return token;
  };
  const basic = user?.username !== undefined || user?.password !== undefined
    ? `Basic ${Buffer.from(`${user?.username ?? ''}:${user?.password ?? ''}`).toString('base64')}`
    : undefined;
  const exec = user?.exec ? new ExecCredentialCache(() => runExecPlugin(user.exec!, cluster, user.name, env)) : undefined;

  return {
    async auth() {
      if (exec) {
        const { credential, fresh } = await exec.get();
        const headers = { ...fixed };
        const t = credential.token ?? bearer();
        if (t) headers.Authorization = `Bearer ${t}`;
        const agent = credential.certPem ? agentFor(credential.certPem, credential.keyPem) : agentFor(cert, key);
        return { agent, headers, credential, fresh };
      }
      const headers = { ...fixed };
      const t = bearer();
      if (t) headers.Authorization = `Bearer ${t}`;
      else if (basic) headers.Authorization = basic;
      return { agent: agentFor(cert, key), headers, fresh: false };
    },
    rejected(a) {
      if (exec && a.credential) exec.invalidate(a.credential);
      // A rotated token file is worth reading again at once.
      tokenReadAt = 0;
    },
  };
}

const transports = new WeakMap<object, Map<string, Transport>>();

/** The transport of `conn`'s context, built on first use and shared by copies of the connection. */
export function transportOf(conn: Connection): Transport {
  let byContext = transports.get(conn.kc);
  if (!byContext) transports.set(conn.kc, (byContext = new Map()));
  const id = `${conn.context}\0${conn.user}\0${conn.server}`;
  let t = byContext.get(id);
  if (!t) {
    const ctx = conn.kc.getContextObject(conn.context);
    const cluster = conn.kc.getCluster(ctx?.cluster ?? conn.cluster);
    if (!cluster) throw new KubeError('bad-config', `cluster "${conn.cluster}" is not defined`);
    t = createTransport(cluster, conn.user ? conn.kc.getUser(conn.user) : undefined, new URL(conn.server));
    byContext.set(id, t);
  }
  return t;
}
