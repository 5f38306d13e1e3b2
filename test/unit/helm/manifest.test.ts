import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { imagesOf, parseManifest, workloadsOf } from '../../../src/helm/manifest.js';
import { decodeReleaseSecret } from '../../../src/helm/release-decode.js';
import { beaconRelease, fixturesDir, releaseSecret } from './release-fixtures.js';

// The real `helm template` output of the fixture chart (test/fixtures/helm/README.md).
const templateOut = readFileSync(join(fixturesDir, 'beacon-template.yaml'), 'utf8');
const helmBin = resolve(import.meta.dirname, '..', '..', '..', '.tools', 'bin', 'helm');

describe('parseManifest on real helm template output', () => {
  const objects = parseManifest(templateOut);

  it('finds every object with its kind, name, namespace and source template', () => {
    expect(objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'PodDisruptionBudget/beacon-api',
      'Secret/beacon-postgresql',
      'ConfigMap/beacon-config',
      'Service/beacon-api',
      'Service/beacon-postgresql',
      'DaemonSet/beacon-node-agent',
      'Deployment/beacon-api',
      'Deployment/beacon-processor',
      'HorizontalPodAutoscaler/beacon-api',
      'StatefulSet/beacon-postgresql',
      'CronJob/beacon-cleanup',
      'Job/beacon-migrate',
    ]);
    const sts = objects.find((o) => o.kind === 'StatefulSet')!;
    expect(sts).toMatchObject({ apiVersion: 'apps/v1', namespace: 'watchlight', source: 'beacon/templates/postgresql.yaml' });
    expect(objects.find((o) => o.kind === 'Deployment')!.namespace).toBeUndefined();
    expect(objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!.source).toBe('beacon/templates/api.yaml');
  });

  it('marks hooks with their events', () => {
    expect(objects.filter((o) => o.hook).map((o) => [o.name, o.hook])).toEqual([['beacon-migrate', ['pre-install', 'pre-upgrade']]]);
  });

  it('keeps a --- inside a block scalar in its document', () => {
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    expect((cm.object.data as Record<string, string>).banner).toBe('welcome\n--- not a separator ---\n');
  });

  it('picks the workloads, HPAs, PDBs and Services', () => {
    expect(workloadsOf(objects).map((o) => o.kind).sort()).toEqual(
      ['CronJob', 'DaemonSet', 'Deployment', 'Deployment', 'HorizontalPodAutoscaler', 'Job', 'PodDisruptionBudget', 'Service', 'Service', 'StatefulSet'],
    );
  });

  it('lists every container and initContainer image of the pod templates', () => {
    expect(imagesOf(objects).map((i) => `${i.kind}/${i.name} ${i.container}${i.init ? ' (init)' : ''} ${i.image}`)).toEqual([
      'DaemonSet/beacon-node-agent agent registry.example.invalid/beacon/node-agent:0.4.0-preview',
      'Deployment/beacon-api wait-for-db (init) docker.io/library/busybox:1.36',
      'Deployment/beacon-api api registry.example.invalid/beacon/api:0.4.0-preview',
      'Deployment/beacon-processor processor registry.example.invalid/beacon/processor:0.4.0-preview',
      'Deployment/beacon-processor metrics docker.io/danielqsj/kafka-exporter:v1.9.0',
      'StatefulSet/beacon-postgresql postgresql docker.io/library/postgres:16.4',
      'CronJob/beacon-cleanup cleanup registry.example.invalid/beacon/cleanup:0.4.0-preview',
      'Job/beacon-migrate migrate registry.example.invalid/beacon/migrate:0.4.0-preview',
    ]);
  });

  it.runIf(existsSync(helmBin))('matches what the real helm renders today', async () => {
    const chart = join(fixturesDir, 'charts', 'beacon');
    const r = await execa(helmBin, ['template', 'beacon', chart, '-n', 'watchlight', '--set', 'api.replicas=4'], { env: { HOME: '/nonexistent' } });
    expect(r.stdout.trim()).toBe(templateOut.trim());
  });
});

describe('parseManifest on a stored release manifest', () => {
  it('reads the release manifest, which holds no hooks', () => {
    const rev = decodeReleaseSecret(releaseSecret(beaconRelease()));
    const objects = parseManifest(rev.manifest);
    expect(objects).toHaveLength(11);
    expect(objects.some((o) => o.hook || o.name === 'beacon-migrate')).toBe(false);
    const api = objects.find((o) => o.kind === 'Deployment' && o.name === 'beacon-api')!;
    expect((api.object.spec as { replicas: number }).replicas).toBe(4);
  });
});

describe('parseManifest edge cases', () => {
  it('skips empty documents and reads YAML as Kubernetes does (1.1: octal modes)', () => {
    const m = '---\n# Source: c/templates/empty.yaml\n---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nspec:\n  defaultMode: 0644\n---\n';
    const [o, ...rest] = parseManifest(m);
    expect(rest).toEqual([]);
    expect(o).toMatchObject({ kind: 'Secret', name: 's', source: 'c/templates/cm.yaml' });
    expect((o!.object.spec as { defaultMode: number }).defaultMode).toBe(0o644);
  });

  it('expands a List into its items', () => {
    const m = 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n';
    expect(parseManifest(m).map((o) => o.name)).toEqual(['a', 'b']);
  });

  it('names the document and template of invalid YAML or a non-object', () => {
    const bad = '---\n# Source: c/templates/ok.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n# Source: c/templates/bad.yaml\nkind: [unclosed\n';
    expect(() => parseManifest(bad)).toThrow(/manifest document 2 \(c\/templates\/bad\.yaml\): invalid YAML/);
    expect(() => parseManifest('# Source: c/templates/x.yaml\nkind: ConfigMap\n')).toThrow(
      'manifest document 1 (c/templates/x.yaml): missing apiVersion, kind or metadata.name',
    );
    expect(() => parseManifest('just a string')).toThrow(/manifest document 1: not a Kubernetes object/);
  });
});
