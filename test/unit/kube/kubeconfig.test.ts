// Reading one kubeconfig document (fields, decoding, paths relative to the
// file, exec and impersonation), merging several the kubectl way, and the
// one-line refusals connect() gives for what helmdeck does not support.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../../src/kube/connection.js';
import { KubeError } from '../../../src/kube/kube-error.js';
import { KubeconfigShapeError, readKubeconfigDoc } from '../../../src/kube/kubeconfig.js';
import { loadKubeconfig } from '../../../src/kube/load-kubeconfig.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-kc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (s: string) => Buffer.from(s).toString('base64');

function shapeError(doc: unknown): string {
  try {
    readKubeconfigDoc(doc, '/base');
  } catch (err) {
    expect(err).toBeInstanceOf(KubeconfigShapeError);
    return (err as Error).message;
  }
  throw new Error('expected a KubeconfigShapeError');
}

/** Writes a kubeconfig with one context "c" on cluster "k" and user "u". */
function file(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, YAML.stringify({
    clusters: [{ name: 'k', cluster: { server: 'https://127.0.0.1:6443', ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    'current-context': 'c',
  }));
  return path;
}

function connectError(path: string): KubeError {
  try {
    connect({ kubeconfig: path, env: {} });
  } catch (err) {
    expect(err).toBeInstanceOf(KubeError);
    expect((err as Error).message).not.toContain('\n');
    return err as KubeError;
  }
  throw new Error('expected a KubeError');
}

describe('readKubeconfigDoc', () => {
  it('reads clusters, users and contexts, decoding *-data and resolving relative paths against the file', () => {
    const doc = readKubeconfigDoc({
      clusters: [
        { name: 'a', cluster: { server: 'https://a:6443', 'certificate-authority-data': b64('CA PEM'), 'tls-server-name': 'api.a', 'insecure-skip-tls-verify': false } },
        { name: 'b', cluster: { server: 'https://b', 'certificate-authority': 'certs/ca.crt', 'insecure-skip-tls-verify': true, 'proxy-url': 'socks5://p:1080' } },
      ],
      users: [
        { name: 'tok', user: { token: 'abc', as: 'jane', 'as-groups': ['ops', 'sre'], 'as-user-extra': { scopes: ['view'] } } },
        { name: 'file', user: { tokenFile: '../token', 'client-certificate': '/abs/c.crt', 'client-key': 'k.key' } },
        { name: 'data', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } },
        { name: 'basic', user: { username: 'admin', password: 'pw' } },
        { name: 'gcp', user: { 'auth-provider': { name: 'gcp', config: {} } } },
        { name: 'none' },
      ],
      contexts: [{ name: 'x', context: { cluster: 'a', user: 'tok', namespace: 'shop' } }, { name: 'y', context: { cluster: 'b' } }],
      'current-context': 'x',
    }, '/home/op/.kube');
    expect(doc.currentContext).toBe('x');
    expect(doc.clusters[0]).toEqual({ name: 'a', server: 'https://a:6443', caData: 'CA PEM', tlsServerName: 'api.a', skipTLSVerify: false });
    expect(doc.clusters[1]).toEqual({ name: 'b', server: 'https://b', caFile: '/home/op/.kube/certs/ca.crt', skipTLSVerify: true, proxyUrl: 'socks5://p:1080' });
    expect(doc.users[0]).toEqual({ name: 'tok', token: 'abc', impersonate: { user: 'jane', groups: ['ops', 'sre'], extra: { scopes: ['view'] } } });
    expect(doc.users[1]).toEqual({ name: 'file', tokenFile: '/home/op/token', certFile: '/abs/c.crt', keyFile: '/home/op/.kube/k.key' });
    expect(doc.users[2]).toEqual({ name: 'data', certData: 'CERT', keyData: 'KEY' });
    expect(doc.users[3]).toEqual({ name: 'basic', username: 'admin', password: 'pw' });
    expect(doc.users[4]).toEqual({ name: 'gcp', authProvider: 'gcp' });
    expect(doc.users[5]).toEqual({ name: 'none' });
    expect(doc.contexts).toEqual([{ name: 'x', cluster: 'a', user: 'tok', namespace: 'shop' }, { name: 'y', cluster: 'b' }]);
  });

  it('reads exec plugins: args, env, defaults, and a relative command path against the file', () => {
    const doc = readKubeconfigDoc({
      users: [
        { name: 'v1', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'], env: [{ name: 'AWS_PROFILE', value: 'prod' }], interactiveMode: 'Never', provideClusterInfo: true, installHint: 'install the aws CLI' } } },
        { name: 'beta', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: './bin/plugin' } } },
      ],
    }, '/cfg');
    expect(doc.users[0]!.exec).toEqual({ apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'], env: [{ name: 'AWS_PROFILE', value: 'prod' }], interactiveMode: 'Never', provideClusterInfo: true, installHint: 'install the aws CLI' });
    expect(doc.users[1]!.exec).toMatchObject({ command: '/cfg/bin/plugin', args: [], env: [], interactiveMode: 'IfAvailable', provideClusterInfo: false });
  });

  it('names the field of every malformed entry', () => {
    expect(shapeError({ clusters: [{ cluster: { server: 'x' } }] })).toBe('clusters[0].name is missing');
    expect(shapeError({ clusters: [{ name: 'a' }] })).toBe('clusters[0].cluster is missing');
    expect(shapeError({ clusters: 'a' })).toBe('clusters must be a list');
    expect(shapeError({ contexts: [{ name: 'a', context: { user: 'u' } }] })).toBe('contexts[0].context.cluster is missing');
    expect(shapeError({ users: [{ user: {} }] })).toBe('users[0].name is missing');
    expect(shapeError({ clusters: [{ name: 'a', cluster: { server: 'x', 'insecure-skip-tls-verify': 'yes please' } }] })).toBe('clusters[0].cluster.insecure-skip-tls-verify must be true or false');
    expect(shapeError({ users: [{ name: 'u', user: { exec: { command: 'x' } } }] })).toBe('users[0].user.exec.apiVersion is missing');
    expect(shapeError({ users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' } } }] })).toMatch(/^users\[0\]\.user\.exec\.apiVersion "client\.authentication\.k8s\.io\/v1alpha1" is not supported/);
    expect(shapeError({ users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'x' } } }] })).toBe('users[0].user.exec.interactiveMode is missing (required by client.authentication.k8s.io/v1)');
    expect(shapeError({ users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1' } } }] })).toBe('users[0].user.exec.command is missing');
    expect(shapeError(['a'])).toMatch(/^not a kubeconfig/);
  });
});

describe('merging kubeconfig files', () => {
  it('first file wins for users and clusters too, and paths resolve against the file that named them', () => {
    const a = join(dir, 'a');
    const sub = mkdtempSync(join(dir, 'sub-'));
    const b = join(sub, 'b');
    writeFileSync(a, YAML.stringify({ users: [{ name: 'shared', user: { token: 'from-a' } }], clusters: [], contexts: [] }));
    writeFileSync(b, YAML.stringify({
      users: [{ name: 'shared', user: { token: 'from-b' } }, { name: 'only-b', user: { tokenFile: 'tok' } }],
      clusters: [{ name: 'k', cluster: { server: 'https://k', 'certificate-authority': 'ca.crt' } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'shared' } }],
      'current-context': 'c',
    }));
    const { kc, files } = loadKubeconfig({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(files).toEqual([a, b]);
    expect(kc.getUser('shared')!.token).toBe('from-a');
    expect(kc.getUser('only-b')!.tokenFile).toBe(join(sub, 'tok'));
    expect(kc.getCluster('k')!.caFile).toBe(join(sub, 'ca.crt'));
    expect(kc.getCurrentContext()).toBe('c');
  });

  it('a YAML error names the file, the problem and its line:column', () => {
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'clusters:\n  - name: a\n    cluster: {server: "x"\n');
    const err = connectError(bad);
    expect(err.kind).toBe('bad-config');
    expect(err.message).toMatch(new RegExp(`^kubeconfig ${bad}: .+ \\(\\d+:\\d+\\)$`));
  });
});

describe('connect refuses what it cannot honour, in one line', () => {
  it('a proxy-url that is not an HTTP proxy (an http:// one is used: test/integration/proxy.test.ts)', () => {
    const err = connectError(file('proxy', { 'proxy-url': 'socks5://proxy:1080' }, { token: 't' }));
    expect(err.kind).toBe('bad-config');
    expect(err.message).toBe(`kubeconfig ${join(dir, 'proxy')}: cluster "k" proxy-url: proxy socks5://proxy:1080: socks5 proxies are not supported (helmdeck speaks to HTTP proxies, http:// or https://)`);
    expect(connect({ kubeconfig: file('http-proxy', { 'proxy-url': 'http://proxy:3128' }, { token: 't' }), env: {} }).cluster).toBe('k');
  });

  it('a legacy auth-provider', () => {
    const err = connectError(file('gcp', {}, { 'auth-provider': { name: 'oidc', config: { 'id-token': 'x' } } }));
    expect(err.message).toMatch(/user "u" uses the legacy auth-provider "oidc", which helmdeck does not support: switch to its exec plugin/);
  });

  it('a CA, client certificate or token file that cannot be read, named with its path', () => {
    const missing = join(dir, 'nope.crt');
    expect(connectError(file('ca', { 'certificate-authority': missing }, { token: 't' })).message).toBe(`kubeconfig ${join(dir, 'ca')}: cluster "k" certificate-authority ${missing}: cannot read it: ENOENT`);
    expect(connectError(file('cert', {}, { 'client-certificate': missing, 'client-key': missing })).message).toContain(`user "u" client-certificate ${missing}: cannot read it`);
    expect(connectError(file('tok', {}, { tokenFile: missing })).message).toContain(`user "u" tokenFile ${missing}: cannot read it`);
  });

  it('a client certificate without its key, and a token together with a password', () => {
    expect(connectError(file('half', {}, { 'client-certificate-data': b64('CERT') })).message).toContain('user "u" sets a client certificate without its key');
    expect(connectError(file('both', {}, { token: 't', username: 'a', password: 'b' })).message).toContain('sets both a token and username/password');
  });

  it('an unused context with an auth-provider does not stop anything', () => {
    const path = join(dir, 'mixed');
    writeFileSync(path, YAML.stringify({
      clusters: [{ name: 'k', cluster: { server: 'https://k' } }],
      users: [{ name: 'ok', user: { token: 't' } }, { name: 'legacy', user: { 'auth-provider': { name: 'gcp' } } }],
      contexts: [{ name: 'good', context: { cluster: 'k', user: 'ok' } }, { name: 'old', context: { cluster: 'k', user: 'legacy' } }],
      'current-context': 'good',
    }));
    expect(connect({ kubeconfig: path, env: {} }).user).toBe('ok');
  });
});
