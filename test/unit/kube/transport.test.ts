// What requests carry to the API server, checked against a small local
// HTTPS (and plain HTTP) server: bearer token, token file, basic auth,
// client certificate, impersonation, CA from a file, tls-server-name,
// insecure-skip-tls-verify, exec plugins (and their re-run after a 401),
// and keep-alive reuse of one connection.
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkReachable, connect } from '../../../src/kube/connection.js';
import { KubeError } from '../../../src/kube/kube-error.js';
import { getJson } from '../../../src/kube/request.js';
import { generateTls } from '../../../src/sim/tls.js';

const tls = generateTls();
let dir: string;
let https: Server;
let http: Server;
let httpsUrl: string;
let httpUrl: string;
let seen: { headers: IncomingMessage['headers']; peer?: string; socket: unknown }[] = [];
/** Tokens the server accepts; anything else gets 401. */
let accept: (auth: string | undefined) => boolean = () => true;

function handler(req: IncomingMessage, res: ServerResponse) {
  const socket = req.socket as TLSSocket;
  const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  seen.push({ headers: req.headers, ...(peer && 'fingerprint256' in peer && peer.fingerprint256 ? { peer: peer.fingerprint256 } : {}), socket });
  if (!accept(req.headers.authorization)) {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', code: 401, message: 'Unauthorized', reason: 'Unauthorized' }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ gitVersion: 'v1.35.0-test' }));
}

async function listen(s: Server): Promise<number> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as { port: number }).port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-transport-'));
  https = createHttpsServer({ cert: tls.certPem, key: tls.keyPem, requestCert: true, rejectUnauthorized: false }, handler);
  http = createHttpServer(handler);
  httpsUrl = `https://127.0.0.1:${await listen(https)}`;
  httpUrl = `http://127.0.0.1:${await listen(http)}`;
});
afterAll(async () => {
  https.closeAllConnections();
  http.closeAllConnections();
  await Promise.all([new Promise((r) => https.close(r)), new Promise((r) => http.close(r))]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  seen = [];
  accept = () => true;
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
let n = 0;

/** A kubeconfig with one context; the cluster trusts the test CA unless `cluster` says otherwise. */
function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = {}): string {
  const path = join(dir, `kc-${++n}`);
  writeFileSync(path, YAML.stringify({
    clusters: [{ name: 'k', cluster: { server: httpsUrl, 'certificate-authority-data': b64(tls.caPem), ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    'current-context': 'c',
  }));
  return path;
}

async function version(path: string): Promise<string | undefined> {
  return (await checkReachable(connect({ kubeconfig: path, env: {} }), 5000)).gitVersion;
}

describe('credentials', () => {
  it('a bearer token, and impersonation headers', async () => {
    expect(await version(kubeconfig({ token: 'secret', as: 'jane', 'as-groups': ['ops', 'sre'] }))).toBe('v1.35.0-test');
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer secret', 'impersonate-user': 'jane', 'impersonate-group': 'ops, sre', 'user-agent': 'helmdeck' });
  });

  it('a token file, read again after the server refuses it', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'first\n');
    const conn = connect({ kubeconfig: kubeconfig({ tokenFile }), env: {} });
    await getJson(conn, '/version');
    expect(seen[0]!.headers.authorization).toBe('Bearer first');
    writeFileSync(tokenFile, 'rotated\n');
    accept = (a) => a === 'Bearer rotated';
    await expect(getJson(conn, '/version')).rejects.toMatchObject({ kind: 'unauthorized', statusCode: 401 });
    expect(await getJson(conn, '/version')).toEqual({ gitVersion: 'v1.35.0-test' });
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer first', 'Bearer first', 'Bearer rotated']);
  });

  it('basic auth', async () => {
    await version(kubeconfig({ username: 'admin', password: 'pa:ss' }));
    expect(seen[0]!.headers.authorization).toBe(`Basic ${b64('admin:pa:ss')}`);
  });

  it('a client certificate from data and from files relative to the kubeconfig', async () => {
    const fingerprint = new X509Certificate(tls.certPem).fingerprint256;
    await version(kubeconfig({ 'client-certificate-data': b64(tls.certPem), 'client-key-data': b64(tls.keyPem) }));
    expect(seen[0]!.peer).toBe(fingerprint);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    writeFileSync(join(dir, 'client.crt'), tls.certPem);
    writeFileSync(join(dir, 'client.key'), tls.keyPem);
    await version(kubeconfig({ 'client-certificate': 'client.crt', 'client-key': 'client.key' }));
    expect(seen[1]!.peer).toBe(fingerprint);
  });

  it('an exec plugin: its token is used until the server refuses it, then the plugin runs again and the request is retried once', async () => {
    const counter = join(dir, 'runs');
    writeFileSync(counter, '0');
    const plugin = join(dir, 'plugin');
    writeFileSync(plugin, `#!/bin/sh
n=$(($(cat ${counter}) + 1)); echo $n > ${counter}
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"run-'$n'"}}'
`);
    chmodSync(plugin, 0o755);
    const conn = connect({ kubeconfig: kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } }), env: {} });
    await getJson(conn, '/version');
    await getJson(conn, '/version');
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer run-1', 'Bearer run-1']);
    accept = (a) => a !== 'Bearer run-1';
    await getJson(conn, '/version');
    expect(seen.slice(2).map((s) => s.headers.authorization)).toEqual(['Bearer run-1', 'Bearer run-2']);
  });

  it('an exec plugin whose fresh credential is refused: unauthorized, without running it in a loop', async () => {
    const plugin = join(dir, 'plugin-bad');
    writeFileSync(plugin, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"nope"}}'\n`);
    chmodSync(plugin, 0o755);
    accept = () => false;
    const conn = connect({ kubeconfig: kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } }), env: {} });
    await expect(getJson(conn, '/version')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(seen).toHaveLength(1);
  });

  it('an exec plugin that fails: its message, as the request\'s error', async () => {
    const plugin = join(dir, 'plugin-fail');
    writeFileSync(plugin, `#!/bin/sh\necho 'token expired: run login' >&2\nexit 1\n`);
    chmodSync(plugin, 0o755);
    const conn = connect({ kubeconfig: kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } }), env: {} });
    const err = await getJson(conn, '/version').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect(err).toMatchObject({ kind: 'unauthorized', message: `exec plugin "${plugin}" of user "u" failed (exit code 1): token expired: run login` });
    expect(seen).toHaveLength(0);
  });
});

describe('TLS and transport', () => {
  it('a CA file relative to the kubeconfig', async () => {
    writeFileSync(join(dir, 'ca.crt'), tls.caPem);
    expect(await version(kubeconfig({ token: 't' }, { 'certificate-authority-data': null, 'certificate-authority': 'ca.crt' }))).toBe('v1.35.0-test');
  });

  it('tls-server-name: the certificate is checked against it, not the address', async () => {
    expect(await version(kubeconfig({ token: 't' }, { 'tls-server-name': 'localhost' }))).toBe('v1.35.0-test');
    const err = await version(kubeconfig({ token: 't' }, { 'tls-server-name': 'api.example.invalid' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'tls', message: expect.stringContaining('not valid for this host name') });
  });

  it('no CA: unknown authority, unless insecure-skip-tls-verify', async () => {
    const err = await version(kubeconfig({ token: 't' }, { 'certificate-authority-data': null })).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'tls' });
    expect(await version(kubeconfig({ token: 't' }, { 'certificate-authority-data': null, 'insecure-skip-tls-verify': true }))).toBe('v1.35.0-test');
  });

  it('plain http, as kubectl allows it', async () => {
    expect(await version(kubeconfig({ token: 't' }, { server: httpUrl, 'certificate-authority-data': null }))).toBe('v1.35.0-test');
  });

  it('requests of one connection share a kept-alive socket', async () => {
    const conn = connect({ kubeconfig: kubeconfig({ token: 't' }), env: {} });
    for (let i = 0; i < 3; i++) await getJson(conn, '/version');
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });
});
