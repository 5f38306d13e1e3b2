// Writes the kubeconfig that helm, kubectl and client-node use unchanged.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import YAML from 'yaml';

export interface SimKubeconfigOptions {
  server: string;
  caPem: string;
  token: string;
  contextName?: string;
  namespace?: string;
}

/** Renders a kubeconfig document with one cluster, user and context. */
export function renderKubeconfig(o: SimKubeconfigOptions): string {
  const name = o.contextName ?? 'kubesim';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: o.server, 'certificate-authority-data': Buffer.from(o.caPem).toString('base64') } }],
    users: [{ name: `${name}-operator`, user: { token: o.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-operator`, namespace: o.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

/** Writes the kubeconfig at `path` with owner-only permissions (it holds a token). */
export function writeKubeconfig(path: string, o: SimKubeconfigOptions): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderKubeconfig(o), { mode: 0o600 });
}
