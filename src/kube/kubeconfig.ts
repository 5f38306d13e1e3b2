// The kubeconfig as helmdeck reads it: the clusters, users and contexts of
// one file (validated, relative paths made absolute against the file's
// directory as kubectl does), and the merged view connect() resolves from.
import { isAbsolute, resolve } from 'node:path';

/** One `clusters[]` entry. */
export interface KubeCluster {
  name: string;
  server: string;
  /** PEM text, already decoded from certificate-authority-data. */
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  /** The `client.authentication.k8s.io/exec` extension, handed to exec plugins that ask for cluster info. */
  execConfig?: unknown;
}

/** `users[].user.exec`: a client-go credential plugin. */
export interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  installHint?: string;
  provideClusterInfo: boolean;
  interactiveMode: 'Never' | 'IfAvailable' | 'Always';
}

/** One `users[]` entry. */
export interface KubeUser {
  name: string;
  token?: string;
  tokenFile?: string;
  /** PEM text, decoded from client-certificate-data. */
  certData?: string;
  certFile?: string;
  /** PEM text, decoded from client-key-data. */
  keyData?: string;
  keyFile?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  /** Only the name: legacy auth providers are refused, not run. */
  authProvider?: string;
  impersonate?: { user?: string; uid?: string; groups: string[]; extra: Record<string, string[]> };
}

/** One `contexts[]` entry. */
export interface KubeContext {
  name: string;
  cluster: string;
  user?: string;
  namespace?: string;
}

/** What one kubeconfig file holds. */
export interface KubeconfigDoc {
  clusters: KubeCluster[];
  users: KubeUser[];
  contexts: KubeContext[];
  currentContext: string;
}

/** A kubeconfig problem at a path inside the document ("users[0].user.exec.command is missing"). */
export class KubeconfigShapeError extends Error {}

const EXEC_VERSIONS = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new KubeconfigShapeError(`${path} must be a string`);
}

function bool(v: unknown, path: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new KubeconfigShapeError(`${path} must be true or false`);
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KubeconfigShapeError(`${path} must be a list`);
  return v;
}

function base64Pem(v: unknown, path: string): string | undefined {
  const text = str(v, path);
  return text === undefined ? undefined : Buffer.from(text, 'base64').toString('utf8');
}

function pathFrom(base: string, v: unknown, path: string): string | undefined {
  const p = str(v, path);
  return p === undefined ? undefined : isAbsolute(p) ? p : resolve(base, p);
}

function readCluster(e: unknown, i: number, base: string): KubeCluster {
  const at = `clusters[${i}]`;
  if (!isMap(e)) throw new KubeconfigShapeError(`${at} must be a mapping`);
  const name = str(e.name, `${at}.name`);
  if (!name) throw new KubeconfigShapeError(`${at}.name is missing`);
  const c = e.cluster;
  if (!isMap(c)) throw new KubeconfigShapeError(`${at}.cluster is missing`);
  const server = str(c.server, `${at}.cluster.server`);
  if (!server) throw new KubeconfigShapeError(`${at}.cluster.server is missing`);
  const caData = base64Pem(c['certificate-authority-data'], `${at}.cluster.certificate-authority-data`);
  const caFile = pathFrom(base, c['certificate-authority'], `${at}.cluster.certificate-authority`);
  const tlsServerName = str(c['tls-server-name'], `${at}.cluster.tls-server-name`);
  const proxyUrl = str(c['proxy-url'], `${at}.cluster.proxy-url`);
  const ext = list(c.extensions, `${at}.cluster.extensions`).find((x) => isMap(x) && x.name === 'client.authentication.k8s.io/exec') as Record<string, unknown> | undefined;
  return {
    name,
    server,
    skipTLSVerify: bool(c['insecure-skip-tls-verify'], `${at}.cluster.insecure-skip-tls-verify`),
    ...(caData ? { caData } : {}),
    ...(caFile ? { caFile } : {}),
    ...(tlsServerName ? { tlsServerName } : {}),
    ...(proxyUrl ? { proxyUrl } : {}),
    ...(ext?.extension !== undefined ? { execConfig: ext.extension } : {}),
  };
}

function readExec(x: unknown, at: string, base: string): ExecConfig {
  if (!isMap(x)) throw new KubeconfigShapeError(`${at} must be a mapping`);
  const apiVersion = str(x.apiVersion, `${at}.apiVersion`);
  if (!apiVersion) throw new KubeconfigShapeError(`${at}.apiVersion is missing`);
  if (!EXEC_VERSIONS.has(apiVersion)) {
    throw new KubeconfigShapeError(`${at}.apiVersion "${apiVersion}" is not supported (use client.authentication.k8s.io/v1 or v1beta1)`);
  }
  let command = str(x.command, `${at}.command`);
  if (!command) throw new KubeconfigShapeError(`${at}.command is missing`);
  // kubectl resolves a command given as a relative path against the kubeconfig's directory; a bare name goes to PATH.
  if (command.includes('/') && !isAbsolute(command)) command = resolve(base, command);
  const args = list(x.args, `${at}.args`).map((a, j) => str(a, `${at}.args[${j}]`) ?? '');
  const env = list(x.env, `${at}.env`).map((v, j) => {
    if (!isMap(v) || !str(v.name, `${at}.env[${j}].name`)) throw new KubeconfigShapeError(`${at}.env[${j}] needs a name`);
    return { name: String(v.name), value: str(v.value, `${at}.env[${j}].value`) ?? '' };
  });
  const mode = str(x.interactiveMode, `${at}.interactiveMode`);
  if (mode === undefined && apiVersion.endsWith('/v1')) throw new KubeconfigShapeError(`${at}.interactiveMode is missing (required by ${apiVersion})`);
  if (mode !== undefined && mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
    throw new KubeconfigShapeError(`${at}.interactiveMode must be Never, IfAvailable or Always, not "${mode}"`);
  }
  const installHint = str(x.installHint, `${at}.installHint`);
  return {
    apiVersion,
    command,
    args,
    env,
    provideClusterInfo: bool(x.provideClusterInfo, `${at}.provideClusterInfo`),
    interactiveMode: mode ?? 'IfAvailable',
    ...(installHint ? { installHint } : {}),
  };
}

function readUser(e: unknown, i: number, base: string): KubeUser {
  const at = `users[${i}]`;
  if (!isMap(e)) throw new KubeconfigShapeError(`${at} must be a mapping`);
  const name = str(e.name, `${at}.name`);
  if (!name) throw new KubeconfigShapeError(`${at}.name is missing`);
  const u = e.user ?? {};
  if (!isMap(u)) throw new KubeconfigShapeError(`${at}.user must be a mapping`);
  const p = `${at}.user`;
  const out: KubeUser = { name };
  const set = <K extends keyof KubeUser>(k: K, v: KubeUser[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('token', str(u.token, `${p}.token`));
  set('tokenFile', pathFrom(base, u.tokenFile, `${p}.tokenFile`));
  // client-node's spelling; kubectl's is tokenFile.
  if (out.tokenFile === undefined) set('tokenFile', pathFrom(base, u['token-file'], `${p}.token-file`));
  set('certData', base64Pem(u['client-certificate-data'], `${p}.client-certificate-data`));
  set('certFile', pathFrom(base, u['client-certificate'], `${p}.client-certificate`));
  set('keyData', base64Pem(u['client-key-data'], `${p}.client-key-data`));
  set('keyFile', pathFrom(base, u['client-key'], `${p}.client-key`));
  set('username', str(u.username, `${p}.username`));
  set('password', str(u.password, `${p}.password`));
  if (u.exec !== undefined && u.exec !== null) out.exec = readExec(u.exec, `${p}.exec`, base);
  if (isMap(u['auth-provider'])) out.authProvider = str(u['auth-provider'].name, `${p}.auth-provider.name`) ?? '(unnamed)';
  const as = str(u.as, `${p}.as`);
  const asUid = str(u['as-uid'], `${p}.as-uid`);
  const groups = list(u['as-groups'], `${p}.as-groups`).map((g, j) => str(g, `${p}.as-groups[${j}]`) ?? '');
  const extraIn = u['as-user-extra'];
  const extra: Record<string, string[]> = {};
  if (isMap(extraIn)) for (const [k, v] of Object.entries(extraIn)) extra[k] = list(v, `${p}.as-user-extra.${k}`).map(String);
  if (as || asUid || groups.length || Object.keys(extra).length) out.impersonate = { ...(as ? { user: as } : {}), ...(asUid ? { uid: asUid } : {}), groups, extra };
  return out;
}

function readContext(e: unknown, i: number): KubeContext {
  const at = `contexts[${i}]`;
  if (!isMap(e)) throw new KubeconfigShapeError(`${at} must be a mapping`);
  const name = str(e.name, `${at}.name`);
  if (!name) throw new KubeconfigShapeError(`${at}.name is missing`);
  const c = e.context;
  if (!isMap(c)) throw new KubeconfigShapeError(`${at}.context is missing`);
  const cluster = str(c.cluster, `${at}.context.cluster`);
  if (!cluster) throw new KubeconfigShapeError(`${at}.context.cluster is missing`);
  const user = str(c.user, `${at}.context.user`);
  const namespace = str(c.namespace, `${at}.context.namespace`);
  return { name, cluster, ...(user ? { user } : {}), ...(namespace ? { namespace } : {}) };
}

/**
 * Reads a parsed kubeconfig document (null = empty file). `base` is the
 * file's directory, against which relative paths resolve. Throws
 * KubeconfigShapeError naming the bad field.
 */
export function readKubeconfigDoc(doc: unknown, base: string): KubeconfigDoc {
  if (doc === null || doc === undefined) return { clusters: [], users: [], contexts: [], currentContext: '' };
  if (!isMap(doc)) throw new KubeconfigShapeError('not a kubeconfig (expected a mapping with clusters, users and contexts)');
  return {
    clusters: list(doc.clusters, 'clusters').map((e, i) => readCluster(e, i, base)),
    users: list(doc.users, 'users').map((e, i) => readUser(e, i, base)),
    contexts: list(doc.contexts, 'contexts').map((e, i) => readContext(e, i)),
    currentContext: str(doc['current-context'], 'current-context') ?? '',
  };
}

/** The merged kubeconfig: look-ups by name, and the context in use. */
export class Kubeconfig {
  readonly clusters: readonly KubeCluster[];
  readonly users: readonly KubeUser[];
  readonly contexts: readonly KubeContext[];
  private current: string;

  constructor(doc: KubeconfigDoc) {
    this.clusters = doc.clusters;
    this.users = doc.users;
    this.contexts = doc.contexts;
    this.current = doc.currentContext;
  }

  getContexts(): readonly KubeContext[] {
    return this.contexts;
  }

  getCurrentContext(): string {
    return this.current;
  }

  setCurrentContext(name: string): void {
    this.current = name;
  }

  getContextObject(name: string): KubeContext | undefined {
    return this.contexts.find((c) => c.name === name);
  }

  getCluster(name: string): KubeCluster | undefined {
    return this.clusters.find((c) => c.name === name);
  }

  getUser(name: string): KubeUser | undefined {
    return this.users.find((u) => u.name === name);
  }
}
