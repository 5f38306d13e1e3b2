// Builds Helm release storage objects the way helm writes them (its storage
// driver: JSON, gzip, base64; the Secret's data adds the API's base64), from
// release JSON that the real helm v4 produced (test/fixtures/helm/README.md).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const fixturesDir = resolve(import.meta.dirname, '..', '..', 'fixtures', 'helm');

/** A fresh copy of the realistic release JSON (helm v4, revision 1, deployed). */
export function beaconRelease(): Record<string, any> {
  return JSON.parse(readFileSync(join(fixturesDir, 'release-beacon.v1.json'), 'utf8'));
}

/** helm's encodeRelease: base64(gzip(JSON)), or base64(JSON) as releases stored before compression. */
export function helmPayload(release: unknown, opts: { gzip?: boolean } = {}): string {
  const json = Buffer.from(JSON.stringify(release));
  return (opts.gzip ?? true ? gzipSync(json, { level: 9 }) : json).toString('base64');
}

function meta(release: Record<string, any>, prefix: string) {
  return {
    name: `${prefix}.${release.name}.v${release.version}`,
    namespace: release.namespace,
    uid: '6f1c1c55-2b4e-4d6a-9a57-4a0d2d1f3b10',
    resourceVersion: '4711',
    creationTimestamp: '2026-11-21T23:12:28Z',
    labels: { createdAt: '1795302748', name: release.name, owner: 'helm', status: release.info.status, version: String(release.version) },
  };
}

/** A release Secret as the Kubernetes API returns it. */
export function releaseSecret(release: Record<string, any>, opts: { gzip?: boolean } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(release, 'sh.helm.release.v1'),
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from(helmPayload(release, opts)).toString('base64') },
  };
}

/** A release ConfigMap (helm's configmaps driver) as the API returns it. */
export function releaseConfigMap(release: Record<string, any>, opts: { gzip?: boolean } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(release, 'sh.helm.release.v1'),
    data: { release: helmPayload(release, opts) },
  };
}
