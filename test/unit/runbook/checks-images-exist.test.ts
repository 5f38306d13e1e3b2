// images-exist: image references split as docker/containerd do, registry
// challenges parsed, and the verdict (missing fails, unverifiable skips,
// never a pass without a registry saying so).
import { describe, expect, it } from 'vitest';
import { judgeImages, run } from '../../../src/runbook/checks/images-exist.js';
import { parseChallenge, parseImageRef } from '../../../src/runbook/checks/registry.js';

describe('parseImageRef', () => {
  it.each([
    ['nginx', 'registry-1.docker.io', 'library/nginx', 'latest'],
    ['nginx:1.27', 'registry-1.docker.io', 'library/nginx', '1.27'],
    ['docker.io/bitnami/postgresql:16.4.0', 'registry-1.docker.io', 'bitnami/postgresql', '16.4.0'],
    ['index.docker.io/library/redis:7', 'registry-1.docker.io', 'library/redis', '7'],
    ['bitnami/redis', 'registry-1.docker.io', 'bitnami/redis', 'latest'],
    ['ghcr.io/org/app/api:v2.1.0', 'ghcr.io', 'org/app/api', 'v2.1.0'],
    ['localhost:5000/shop/web:1.0.0', 'localhost:5000', 'shop/web', '1.0.0'],
    ['localhost/shop', 'localhost', 'shop', 'latest'],
    ['127.0.0.1:5000/web@sha256:abc123', '127.0.0.1:5000', 'web', 'sha256:abc123'],
    ['quay.io/prometheus/node-exporter:v1.8.2@sha256:def', 'quay.io', 'prometheus/node-exporter', 'sha256:def'],
  ])('%s → %s / %s : %s', (image, registry, repository, reference) => {
    expect(parseImageRef(image)).toEqual({ image, registry, repository, reference });
  });
});

describe('parseChallenge', () => {
  it('reads the Bearer parameters, quoted or not', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
      realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull',
    });
    expect(parseChallenge('bearer realm=https://ghcr.io/token, service=ghcr.io')).toEqual({ realm: 'https://ghcr.io/token', service: 'ghcr.io' });
  });

  it('gives up on Basic and on a Bearer challenge without a realm', () => {
    expect(parseChallenge('Basic realm="Registry"')).toBeUndefined();
    expect(parseChallenge('Bearer service="x"')).toBeUndefined();
  });
});

describe('judgeImages', () => {
  const exists = { state: 'exists' as const, detail: 'https://r/v2/a/manifests/1 → 200' };
  const missing = { state: 'missing' as const, detail: 'image not found: https://r/v2/b/manifests/2 → 404' };
  const unknown = { state: 'unknown' as const, detail: 'registry unreachable: r: ECONNREFUSED' };

  it('passes only when every image exists', () => {
    expect(judgeImages([{ image: 'r/a:1', users: ['Deployment/web container web'], verdict: exists }])).toEqual({
      status: 'pass', summary: 'all 1 image(s) exist', evidence: ['r/a:1: exists — https://r/v2/a/manifests/1 → 200 (used by Deployment/web container web)'],
    });
  });

  it('fails on a missing image even when another is unverifiable, listing the missing first', () => {
    const r = judgeImages([
      { image: 'r/a:1', users: ['x'], verdict: exists },
      { image: 'r/c:3', users: ['y'], verdict: unknown },
      { image: 'r/b:2', users: ['z'], verdict: missing },
    ]);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('image not found: r/b:2');
    expect(r.evidence.map((l) => l.split(':')[0] + ':' + l.split(':')[1]!.split(' ')[0])).toEqual(['r/b:2', 'r/c:3', 'r/a:1']);
  });

  it('fails on a registry that refuses, quoting it, and names both kinds of failure', () => {
    const refused = { state: 'unauthorized' as const, detail: 'https://r/v2/c/manifests/3 → 401: UNAUTHORIZED: authentication required (anonymously: no docker credential for this registry)' };
    const r = judgeImages([{ image: 'r/c:3', users: ['y'], verdict: refused }, { image: 'r/b:2', users: ['z'], verdict: missing }]);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('image not found: r/b:2; registry refused (unauthorized): r/c:3');
    expect(r.evidence[1]).toBe(`r/c:3: unauthorized — ${refused.detail} (used by y)`);
  });

  it('skips, never passes, when a registry could not be asked', () => {
    const r = judgeImages([{ image: 'r/a:1', users: ['x'], verdict: exists }, { image: 'r/c:3', users: ['y'], verdict: unknown }]);
    expect(r).toMatchObject({ status: 'skip', summary: '1 of 2 image(s) could not be verified: registry unreachable: r: ECONNREFUSED' });
    expect(r.evidence[0]).toBe('r/c:3: unreachable — registry unreachable: r: ECONNREFUSED (used by y)');
  });
});

describe('run', () => {
  const step = { id: 'i', title: 'i', required: true, kind: 'images-exist' as const };
  it('skips without a rendered manifest and fails when rendering fails', async () => {
    expect(await run(step, {} as never)).toMatchObject({ status: 'skip' });
    const failing = { rendered: async () => { throw new Error('helm template: chart requires kubeVersion >=1.30'); } } as never;
    expect(await run(step, failing)).toMatchObject({ status: 'fail', summary: 'the target manifest could not be rendered or read: helm template: chart requires kubeVersion >=1.30' });
  });

  it('passes a manifest without pod templates without asking any registry', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    expect(await run(step, { rendered: async () => cm } as never)).toMatchObject({ status: 'pass', summary: 'the target manifest uses no container image' });
  });
});
