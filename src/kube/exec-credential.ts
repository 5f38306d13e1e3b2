// client-go credential plugins (users[].user.exec): runs the command with its
// args and env plus KUBERNETES_EXEC_INFO, reads the ExecCredential it prints
// (a bearer token or a client certificate and key), and keeps it until its
// expirationTimestamp — or until the API server rejects it — then runs the
// plugin again. Never interactive: the cockpit owns the terminal, so the
// plugin gets no stdin and its stderr is kept for the error message.
import { spawn } from 'node:child_process';
import type { ExecConfig, KubeCluster } from './kubeconfig.js';
import { killOnExit, stopGroup } from '../proc/process-group.js';
import { KubeError } from './kube-error.js';

/** What a plugin handed back. */
export interface ExecCredential {
  token?: string;
  certPem?: string;
  keyPem?: string;
  /** Epoch ms after which the plugin must run again; undefined = until rejected. */
  expiresAt?: number;
}

/** How long a plugin may take before it is stopped (a login prompt nobody can see, a hung network call). */
export const EXEC_PLUGIN_TIMEOUT_MS = 30_000;

/** Bounds for one plugin run. */
export interface ExecPluginLimits {
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL. */
  graceMs?: number;
}

/** Runs one plugin and parses its answer; throws KubeError('unauthorized' | 'bad-config' | 'timeout'). */
export async function runExecPlugin(exec: ExecConfig, cluster: KubeCluster | undefined, userName: string, env: NodeJS.ProcessEnv = process.env, limits: ExecPluginLimits = {}): Promise<ExecCredential> {
  const who = `exec plugin "${exec.command}" of user "${userName}"`;
  if (exec.interactiveMode === 'Always') {
    throw new KubeError('bad-config', `${who} needs an interactive terminal (interactiveMode: Always), which helmdeck cannot give it; run it once in a shell to cache a credential, or set interactiveMode: IfAvailable`);
  }
  const info = {
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: {
      interactive: false,
      ...(exec.provideClusterInfo && cluster ? { cluster: clusterInfo(cluster) } : {}),
    },
  };
  const childEnv: NodeJS.ProcessEnv = { ...env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const e of exec.env) childEnv[e.name] = e.value;
  const timeoutMs = limits.timeoutMs ?? EXEC_PLUGIN_TIMEOUT_MS;
  const graceMs = limits.graceMs ?? 5_000;
  // Its own process group, so a stop reaches whatever it started; killed with helmdeck too.
  const child = spawn(exec.command, exec.args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const undoExitKill = killOnExit(child.pid);
  // A request that gave up on the plugin must not keep helmdeck from exiting: the exit hook kills it then.
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; spawnError?: NodeJS.ErrnoException }>((resolve) => {
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ code: null, signal: null, stdout: out, stderr: err, spawnError: e }));
    // On a stop the whole group dies, so the pipes close even when a grandchild held them.
    child.on('close', (c, s) => resolve({ code: c, signal: s, stdout: out, stderr: err }));
  });
  let stopped: Promise<{ escalated: boolean }> | undefined;
  const timer = setTimeout(() => {
    if (child.pid !== undefined) stopped = stopGroup(child.pid, ended, graceMs);
  }, timeoutMs);
  timer.unref();
  const { code, signal, stdout, stderr, spawnError } = await ended;
  clearTimeout(timer);
  undoExitKill();
  if (stopped) {
    const { escalated } = await stopped;
    const how = escalated ? `sent SIGTERM, then SIGKILL ${Math.round(graceMs / 100) / 10} s later (it ignored SIGTERM)` : 'stopped with SIGTERM';
    throw new KubeError('timeout', `${who} did not answer within ${Math.round(timeoutMs / 100) / 10} s: ${how}`);
  }
  if (spawnError) {
    const hint = exec.installHint ? `: ${exec.installHint}` : '';
    if (spawnError.code === 'ENOENT') throw new KubeError('bad-config', `${who}: command not found${hint}`);
    throw new KubeError('bad-config', `${who}: cannot run it (${spawnError.code ?? spawnError.message})${hint}`);
  }
  if (code !== 0) {
    const last = stderr.trim().split('\n').at(-1)?.trim();
    throw new KubeError('unauthorized', `${who} failed (${signal ? `killed by ${signal}` : `exit code ${code}`})${last ? `: ${last}` : ''}`);
  }
  return parseExecCredential(stdout, exec.apiVersion, who);
}

/** Reads the ExecCredential a plugin printed; `who` names it in errors. */
export function parseExecCredential(stdout: string, apiVersion: string, who: string): ExecCredential {
  let doc: any;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new KubeError('unauthorized', `${who} printed no ExecCredential (not JSON: ${stdout.trim().slice(0, 60) || 'empty output'})`);
  }
  if (doc?.kind !== 'ExecCredential') throw new KubeError('unauthorized', `${who} printed kind "${doc?.kind ?? ''}", expected ExecCredential`);
  if (doc.apiVersion !== apiVersion) throw new KubeError('unauthorized', `${who} answered with apiVersion "${doc.apiVersion ?? ''}", expected ${apiVersion}`);
  const status = doc.status;
  if (!status || typeof status !== 'object') throw new KubeError('unauthorized', `${who} printed an ExecCredential without status`);
  const token = typeof status.token === 'string' && status.token ? status.token : undefined;
  const cert = typeof status.clientCertificateData === 'string' && status.clientCertificateData ? status.clientCertificateData : undefined;
  const key = typeof status.clientKeyData === 'string' && status.clientKeyData ? status.clientKeyData : undefined;
  if (!!cert !== !!key) throw new KubeError('unauthorized', `${who} returned ${cert ? 'clientCertificateData without clientKeyData' : 'clientKeyData without clientCertificateData'}`);
  if (!token && !cert) throw new KubeError('unauthorized', `${who} returned neither a token nor a client certificate`);
  let expiresAt: number | undefined;
  if (status.expirationTimestamp !== undefined && status.expirationTimestamp !== null && status.expirationTimestamp !== '') {
    expiresAt = Date.parse(String(status.expirationTimestamp));
    if (Number.isNaN(expiresAt)) throw new KubeError('unauthorized', `${who} returned an unreadable expirationTimestamp "${status.expirationTimestamp}"`);
  }
  return {
    ...(token ? { token } : {}),
    ...(cert ? { certPem: cert, keyPem: key } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

function clusterInfo(c: KubeCluster): Record<string, unknown> {
  return {
    server: c.server,
    ...(c.tlsServerName ? { 'tls-server-name': c.tlsServerName } : {}),
    ...(c.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
    ...(c.caData ? { 'certificate-authority-data': Buffer.from(c.caData).toString('base64') } : {}),
    ...(c.proxyUrl ? { 'proxy-url': c.proxyUrl } : {}),
    ...(c.execConfig !== undefined ? { config: c.execConfig } : {}),
  };
}

/**
 * One plugin's credential, shared by every request: fetched on first use,
 * reused until it expires or is invalidated (a 401), never fetched twice at
 * once.
 */
export class ExecCredentialCache {
  private current: ExecCredential | undefined;
  private pending: Promise<ExecCredential> | undefined;

  constructor(
    private readonly run: () => Promise<ExecCredential>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The credential, running the plugin when there is none or it expired. `fresh` says whether this call ran it. */
  async get(): Promise<{ credential: ExecCredential; fresh: boolean }> {
    const c = this.current;
    if (c && (c.expiresAt === undefined || c.expiresAt > this.now())) return { credential: c, fresh: false };
    this.current = undefined;
    if (!this.pending) {
      this.pending = this.run().finally(() => {
        this.pending = undefined;
      });
    }
    const credential = await this.pending;
    this.current = credential;
    return { credential, fresh: true };
  }

  /** Drops `credential` (the server rejected it), unless a newer one already replaced it. */
  invalidate(credential: ExecCredential): void {
    if (this.current === credential) this.current = undefined;
  }
}
