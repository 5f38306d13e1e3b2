// Exec credential plugins: a small fake plugin (a shell script) run with its
// args, env and KUBERNETES_EXEC_INFO; its ExecCredential read and checked;
// the credential cached until expirationTimestamp; failures in one line.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecCredentialCache, parseExecCredential, runExecPlugin } from '../../../src/kube/exec-credential.js';
import type { ExecConfig, KubeCluster } from '../../../src/kube/kubeconfig.js';
import { KubeError } from '../../../src/kube/kube-error.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-exec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const V1 = 'client.authentication.k8s.io/v1';

/** Writes an executable shell script and returns its path. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function exec(command: string, more: Partial<ExecConfig> = {}): ExecConfig {
  return { apiVersion: V1, command, args: [], env: [], provideClusterInfo: false, interactiveMode: 'Never', ...more };
}

const cluster: KubeCluster = { name: 'k', server: 'https://10.0.0.1:6443', caData: 'CA PEM', skipTLSVerify: false };

async function failure(p: Promise<unknown>): Promise<KubeError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(KubeError);
  expect((err as Error).message).not.toContain('\n');
  return err as KubeError;
}

describe('runExecPlugin', () => {
  it('stops a plugin that hangs, SIGTERM then SIGKILL, and says what it did and when', async () => {
    const hang = script('hang', 'trap "" TERM\nsleep 100');
    const started = Date.now();
    const err = await failure(runExecPlugin(exec(hang), undefined, 'eks-admin', process.env, { timeoutMs: 500, graceMs: 500 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe(`exec plugin "${hang}" of user "eks-admin" did not answer within 0.5 s: sent SIGTERM, then SIGKILL 0.5 s later (it ignored SIGTERM)`);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('a plugin that hangs but heeds SIGTERM is stopped with SIGTERM alone', async () => {
    const hang = script('hang-polite', 'sleep 100');
    const err = await failure(runExecPlugin(exec(hang), undefined, 'u', process.env, { timeoutMs: 300, graceMs: 5000 }));
    expect(err.message).toMatch(/did not answer within 0\.3 s: stopped with SIGTERM$/);
  }, 30_000);

  it('runs the command with its args and env and KUBERNETES_EXEC_INFO, and reads the token', async () => {
    const seen = join(dir, 'seen.json');
    const plugin = script('token-plugin', `printf '%s' "$KUBERNETES_EXEC_INFO" > ${seen}
echo '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"tok-'"$1"'-'"$REGION"'","expirationTimestamp":"2030-01-02T03:04:05Z"}}'`);
    const cred = await runExecPlugin(exec(plugin, { args: ['eu'], env: [{ name: 'REGION', value: 'west' }], provideClusterInfo: true }), cluster, 'u');
    expect(cred).toEqual({ token: 'tok-eu-west', expiresAt: Date.parse('2030-01-02T03:04:05Z') });
    const info = JSON.parse(readFileSync(seen, 'utf8'));
    expect(info).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server: 'https://10.0.0.1:6443', 'certificate-authority-data': Buffer.from('CA PEM').toString('base64') } },
    });
  });

  it('reads a client certificate and key (v1beta1)', async () => {
    const plugin = script('cert-plugin', `echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}}'`);
    expect(await runExecPlugin(exec(plugin, { apiVersion: 'client.authentication.k8s.io/v1beta1', interactiveMode: 'IfAvailable' }), undefined, 'u')).toEqual({ certPem: 'CERT', keyPem: 'KEY' });
  });

  it('a failing plugin: its exit code and the last line it wrote to stderr', async () => {
    const plugin = script('fail-plugin', `echo 'trying...' >&2\necho 'error: SSO session expired, run aws sso login' >&2\nexit 3`);
    const err = await failure(runExecPlugin(exec(plugin), undefined, 'eks-admin'));
    expect(err.kind).toBe('unauthorized');
    expect(err.message).toBe(`exec plugin "${plugin}" of user "eks-admin" failed (exit code 3): error: SSO session expired, run aws sso login`);
  });

  it('a missing command, with the kubeconfig\'s installHint', async () => {
    const err = await failure(runExecPlugin(exec('helmdeck-no-such-plugin', { installHint: 'install it with brew install no-such-plugin' }), undefined, 'u'));
    expect(err).toMatchObject({ kind: 'bad-config', message: 'exec plugin "helmdeck-no-such-plugin" of user "u": command not found: install it with brew install no-such-plugin' });
  });

  it('refuses interactiveMode Always', async () => {
    const err = await failure(runExecPlugin(exec('anything', { interactiveMode: 'Always' }), undefined, 'u'));
    expect(err.message).toMatch(/needs an interactive terminal \(interactiveMode: Always\)/);
  });
});

describe('parseExecCredential', () => {
  const who = 'exec plugin "p" of user "u"';
  const parse = (o: unknown) => parseExecCredential(typeof o === 'string' ? o : JSON.stringify(o), V1, who);
  const ok = { apiVersion: V1, kind: 'ExecCredential' };
  it.each([
    ['not JSON', 'Please log in', /printed no ExecCredential \(not JSON: Please log in\)/],
    ['wrong kind', { apiVersion: V1, kind: 'Status' }, /printed kind "Status", expected ExecCredential/],
    ['wrong apiVersion', { apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 't' } }, /answered with apiVersion "client\.authentication\.k8s\.io\/v1beta1", expected client\.authentication\.k8s\.io\/v1/],
    ['no status', ok, /without status/],
    ['empty status', { ...ok, status: {} }, /neither a token nor a client certificate/],
    ['certificate without key', { ...ok, status: { clientCertificateData: 'C' } }, /clientCertificateData without clientKeyData/],
    ['bad expiry', { ...ok, status: { token: 't', expirationTimestamp: 'tomorrow' } }, /unreadable expirationTimestamp "tomorrow"/],
  ])('%s', (_name, out, message) => {
    let err: unknown;
    try {
      parse(out);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).message).toMatch(message);
  });
});

describe('ExecCredentialCache', () => {
  it('runs the plugin once, again only after expiry or after the credential is rejected', async () => {
    let now = 1_000;
    let runs = 0;
    const cache = new ExecCredentialCache(async () => ({ token: `t${++runs}`, expiresAt: now + 60_000 }), () => now);
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(runs).toBe(1);
    expect(a.credential).toBe(b.credential);
    expect(a.fresh).toBe(true);
    expect((await cache.get())).toMatchObject({ credential: { token: 't1' }, fresh: false });
    now += 60_000;
    expect((await cache.get()).credential.token).toBe('t2');
    const current = (await cache.get()).credential;
    cache.invalidate({ token: 'someone else\'s' });
    expect((await cache.get()).credential).toBe(current);
    cache.invalidate(current);
    expect((await cache.get()).credential.token).toBe('t3');
  });

  it('a failed run is not cached', async () => {
    let runs = 0;
    const cache = new ExecCredentialCache(async () => {
      runs++;
      if (runs === 1) throw new KubeError('unauthorized', 'first run fails');
      return { token: 'ok' };
    });
    await expect(cache.get()).rejects.toThrow('first run fails');
    expect((await cache.get()).credential.token).toBe('ok');
  });
});
