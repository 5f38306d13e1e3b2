// diffRelease on hand-made revisions: what changed, and that no secret value
// ever reaches the diff, whichever way it was planted.
import { describe, expect, it } from 'vitest';
import { diffRelease, summarizeDiff } from '../../../src/helm/diff/diff-release.js';
import type { HelmRevision } from '../../../src/helm/release-types.js';

const OLD_PW = 'old-Pl4nted-pw';
const NEW_PW = 'new-Pl4nted-pw';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function manifest(tag: string, pw: string, extra = ''): string {
  return `---
# Source: shop/templates/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
spec:
  replicas: 3
  template:
    spec:
      initContainers:
        - name: wait
          image: busybox:1.36
      containers:
        - name: web
          image: registry.example.invalid/shop/web:${tag}
          env:
            - name: DB_PASSWORD
              value: ${pw}
            - name: LOG_LEVEL
              value: info
---
# Source: shop/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: shop-db
type: Opaque
data:
  password: ${b64(pw)}
  user: ${b64('app')}
${extra}`;
}

const hook = `apiVersion: batch/v1
kind: Job
metadata:
  name: shop-migrate
  annotations:
    helm.sh/hook: pre-upgrade
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: registry.example.invalid/shop/migrate:1.0.0`;

const deployed: HelmRevision = {
  name: 'shop',
  namespace: 'shop',
  revision: 2,
  status: 'deployed',
  updated: '',
  firstDeployed: '',
  description: 'Upgrade complete',
  chart: { name: 'shop', version: '1.0.0', appVersion: '1.0.0' },
  config: { image: { tag: '1.0.0' }, db: { password: OLD_PW }, replicas: 3 },
  manifest: manifest('1.0.0', OLD_PW),
  hooks: [{ name: 'shop-migrate', kind: 'Job', path: 'shop/templates/migration.yaml', events: ['pre-upgrade'], lastRun: { phase: 'Succeeded' }, weight: 0, deletePolicies: [], manifest: hook }],
  notes: '',
  storage: { kind: 'Secret', name: 'sh.helm.release.v1.shop.v2' },
};

const configMap = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-extra
data:
  apiToken: ${NEW_PW}
  color: blue
`;

const diff = diffRelease({
  deployed,
  renderedManifest: manifest('1.1.0', NEW_PW, configMap) + '\n---\n' + hook.replace('migrate:1.0.0', 'migrate:1.1.0'),
  newValues: { image: { tag: '1.1.0' }, db: { password: NEW_PW }, replicas: 3 },
  chart: { name: 'shop', version: '1.1.0', appVersion: '1.1.0' },
});

describe('diffRelease', () => {
  it('reports chart, app version and image changes per workload container (hooks included)', () => {
    expect(diff.chartChange).toEqual({ from: 'shop-1.0.0', to: 'shop-1.1.0' });
    expect(diff.appVersionChange).toEqual({ from: '1.0.0', to: '1.1.0' });
    expect(diff.imageChanges).toEqual(
      expect.arrayContaining([
        { workload: 'Deployment/shop-web', container: 'web', from: 'registry.example.invalid/shop/web:1.0.0', to: 'registry.example.invalid/shop/web:1.1.0' },
        { workload: 'Job/shop-migrate', container: 'migrate', from: 'registry.example.invalid/shop/migrate:1.0.0', to: 'registry.example.invalid/shop/migrate:1.1.0' },
      ]),
    );
    // The init container did not change.
    expect(diff.imageChanges).toHaveLength(2);
  });

  it('diffs the user values with sorted keys, a rotated password shown only as changed', () => {
    expect(diff.values).toContain('-   tag: 1.0.0');
    expect(diff.values).toContain('+   tag: 1.1.0');
    expect(diff.values).toContain('-   password: "***"');
    expect(diff.values).toContain('+   password: "*** (changed)"');
    // An unchanged key is context at most, never a change.
    expect(diff.values.filter((l) => /^[-+]/.test(l) && l.includes('replicas'))).toEqual([]);
  });

  it('lists objects as changed/added, a Secret by key names only', () => {
    const ids = diff.objects.map((o) => `${o.change} ${o.kind}/${o.namespace}/${o.name}${o.hook ? ' (hook)' : ''}`);
    expect(ids).toEqual(['changed Deployment/shop/shop-web', 'changed Job/shop/shop-migrate (hook)', 'changed Secret/shop/shop-db', 'added ConfigMap/shop/shop-extra']);
    const secret = diff.objects.find((o) => o.kind === 'Secret')!;
    expect(secret.secretKeys).toEqual({ added: [], removed: [], changed: ['password'] });
    const web = diff.objects.find((o) => o.name === 'shop-web')!;
    expect(web.lines).toContainEqual(expect.stringMatching(/^\+ +value: "\*\*\* \(changed\)"$/));
    expect(web.lines).toContainEqual(expect.stringMatching(/^- +image: registry.example.invalid\/shop\/web:1.0.0$/));
    expect(web.lines).toContainEqual(expect.stringMatching(/^\+ +image: registry.example.invalid\/shop\/web:1.1.0$/));
    // The unchanged env var is context, not a change.
    expect(web.lines).toContainEqual(expect.stringMatching(/^ +value: info$/));
  });

  it('never carries a secret value, in any form', () => {
    const text = JSON.stringify(diff) + JSON.stringify(summarizeDiff(diff));
    for (const s of [OLD_PW, NEW_PW, b64(OLD_PW), b64(NEW_PW)]) expect(text).not.toContain(s);
  });

  it('finds nothing to say about an identical target', () => {
    const same = diffRelease({ deployed, renderedManifest: [deployed.manifest, hook].join('\n---\n'), newValues: deployed.config, chart: deployed.chart });
    expect(same).toEqual({ values: [], objects: [], imageChanges: [] });
  });

  it('summarizes for the journal without YAML bodies', () => {
    const s = summarizeDiff(diff);
    expect(s.valuesChanged).toBe(true);
    expect(s.objects.find((o) => o.kind === 'Secret')?.secretKeys?.changed).toEqual(['password']);
    expect(JSON.stringify(s)).not.toContain('replicas');
  });
});
