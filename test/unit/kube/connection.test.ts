// connect(): kubeconfig discovery and merging as kubectl does it, context
// and namespace resolution, and one-line errors for every bad input.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../../src/kube/connection.js';
import { KubeError } from '../../../src/kube/kube-error.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-kubeconfig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Ctx {
  name: string;
  cluster: string;
  server?: string;
  namespace?: string;
  user?: string;
}

/** Writes a kubeconfig with one cluster/user per context. */
function kubeconfig(file: string, current: string | undefined, contexts: Ctx[], extraCluster: Record<string, unknown> = {}): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((c) => ({ name: c.cluster, cluster: { server: c.server ?? `https://${c.cluster}.example.invalid:6443`, ...extraCluster } })),
      users: contexts.map((c) => ({ name: c.user ?? `${c.name}-user`, user: { token: `token-${c.name}` } })),
      contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster, user: c.user ?? `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
      ...(current ? { 'current-context': current } : {}),
    }),
  );
  return path;
}

function errorOf(fn: () => unknown): KubeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KubeError);
    expect((err as Error).message).not.toContain('\n');
    return err as KubeError;
  }
  throw new Error('expected a KubeError');
}

describe('connect', () => {
  it('uses --kubeconfig, its current context, and the context namespace', () => {
    const file = kubeconfig('one', 'dev', [{ name: 'dev', cluster: 'devc', namespace: 'shop' }]);
    const conn = connect({ kubeconfig: file, env: {} });
    expect(conn).toMatchObject({ context: 'dev', cluster: 'devc', server: 'https://devc.example.invalid:6443', user: 'dev-user', namespace: 'shop', configFiles: [file] });
    expect(conn.kc.getCurrentContext()).toBe('dev');
  });

  it('namespace: -n wins over the context, "default" when neither sets one', () => {
    const file = kubeconfig('one', 'dev', [
      { name: 'dev', cluster: 'devc', namespace: 'shop' },
      { name: 'bare', cluster: 'barec' },
    ]);
    expect(connect({ kubeconfig: file, namespace: 'other', env: {} }).namespace).toBe('other');
    expect(connect({ kubeconfig: file, context: 'bare', env: {} }).namespace).toBe('default');
  });

  it('merges KUBECONFIG files as kubectl does: first file wins names and current-context, missing files are skipped', () => {
    const a = kubeconfig('a', 'a-ctx', [{ name: 'a-ctx', cluster: 'shared', server: 'https://first.example.invalid' }]);
    const b = kubeconfig('b', 'b-ctx', [
      { name: 'b-ctx', cluster: 'shared', server: 'https://second.example.invalid' },
      { name: 'a-ctx', cluster: 'other' },
    ]);
    const env = { KUBECONFIG: [a, join(dir, 'missing'), b].join(':') };
    const conn = connect({ env });
    expect(conn.context).toBe('a-ctx');
    expect(conn.server).toBe('https://first.example.invalid');
    expect(conn.configFiles).toEqual([a, b]);
    // b-ctx comes from the second file, but the cluster name "shared" resolves to the first file's entry.
    const viaB = connect({ env, context: 'b-ctx' });
    expect(viaB.server).toBe('https://first.example.invalid');
    expect(viaB.user).toBe('b-ctx-user');
    expect(viaB.kc.getContexts().map((c) => c.name).sort()).toEqual(['a-ctx', 'b-ctx']);
  });

  it('falls back to ~/.kube/config (HOME from env) when KUBECONFIG is unset', () => {
    mkdirSync(join(dir, '.kube'));
    kubeconfig('.kube/config', 'home', [{ name: 'home', cluster: 'homec' }]);
    expect(connect({ env: { HOME: dir } }).context).toBe('home');
  });

  it('unknown context: lists the available ones', () => {
    const file = kubeconfig('one', 'a', [
      { name: 'a', cluster: 'ac' },
      { name: 'b', cluster: 'bc' },
    ]);
    const err = errorOf(() => connect({ kubeconfig: file, context: 'prod', env: {} }));
    expect(err.kind).toBe('unknown-context');
    expect(err.message).toBe(`kubeconfig ${file}: context "prod" not found (available: a, b)`);
  });

  it('no current-context and no --context: says so, with the choices', () => {
    const file = kubeconfig('one', undefined, [{ name: 'a', cluster: 'ac' }]);
    const err = errorOf(() => connect({ kubeconfig: file, env: {} }));
    expect(err.kind).toBe('unknown-context');
    expect(err.message).toContain('no current-context is set; pass --context (available: a)');
  });

  it('missing files: --kubeconfig, KUBECONFIG, and nothing at all', () => {
    expect(errorOf(() => connect({ kubeconfig: join(dir, 'nope'), env: {} }))).toMatchObject({ kind: 'no-config', message: `kubeconfig ${join(dir, 'nope')}: file not found` });
    expect(errorOf(() => connect({ env: { KUBECONFIG: join(dir, 'x') } })).kind).toBe('no-config');
    expect(errorOf(() => connect({ env: { HOME: dir } }))).toMatchObject({
      kind: 'no-config',
      message: 'no kubeconfig found: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config',
    });
  });

  it('malformed YAML and non-kubeconfig documents: bad-config naming the file', () => {
    const broken = join(dir, 'broken');
    writeFileSync(broken, 'clusters:\n  - name: a\n   cluster: [unclosed\n');
    const err = errorOf(() => connect({ kubeconfig: broken, env: {} }));
    expect(err.kind).toBe('bad-config');
    expect(err.message).toMatch(new RegExp(`^kubeconfig ${broken}: .*\\(\\d+:\\d+\\)`));
    const noServer = join(dir, 'noserver');
    writeFileSync(noServer, YAML.stringify({ clusters: [{ name: 'a', cluster: {} }], contexts: [], users: [] }));
    expect(errorOf(() => connect({ kubeconfig: noServer, env: {} })).message).toBe(`kubeconfig ${noServer}: clusters[0].cluster.server is missing`);
    const scalar = join(dir, 'scalar');
    writeFileSync(scalar, 'just a string\n');
    expect(errorOf(() => connect({ kubeconfig: scalar, env: {} })).kind).toBe('bad-config');
  });

  it('a context naming an undefined cluster or user is bad-config; plain http is allowed, as kubectl allows it', () => {
    const file = join(dir, 'dangling');
    writeFileSync(file, YAML.stringify({ clusters: [], users: [], contexts: [{ name: 'x', context: { cluster: 'ghost', user: 'u' } }], 'current-context': 'x' }));
    expect(errorOf(() => connect({ kubeconfig: file, env: {} }))).toMatchObject({ kind: 'bad-config', message: `kubeconfig ${file}: context "x" uses cluster "ghost", which is not defined` });
    const http = kubeconfig('http', 'h', [{ name: 'h', cluster: 'hc', server: 'http://127.0.0.1:8080' }]);
    expect(connect({ kubeconfig: http, env: {} }).server).toBe('http://127.0.0.1:8080');
    const httpOk = kubeconfig('http-ok', 'h', [{ name: 'h', cluster: 'hc', server: 'http://127.0.0.1:8080' }], { 'insecure-skip-tls-verify': true });
    expect(connect({ kubeconfig: httpOk, env: {} }).server).toBe('http://127.0.0.1:8080');
  });

  it('an empty kubeconfig file is an empty config, not a parse error', () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const real = kubeconfig('real', 'r', [{ name: 'r', cluster: 'rc' }]);
    expect(connect({ env: { KUBECONFIG: `${empty}:${real}` } }).context).toBe('r');
  });
});
