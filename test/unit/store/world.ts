// A small world for the store tests: the "shop" release (chart web) in
// namespace shop, built from the real helm v4 release JSON with its
// manifest swapped for objects that match the status fixtures, and helpers
// to feed a store the way a watch would.
import { stringify } from 'yaml';
import type { KubeObject } from '../../../src/kube/types.js';
import { createWatchBatcher, type DeckStore, type WatchResource } from '../../../src/store/index.js';
import { beaconRelease, releaseConfigMap, releaseSecret } from '../helm/release-fixtures.js';
import { fixture, scenario } from '../status/load.js';

export { fixture, NOW, scenario } from '../status/load.js';
export { releaseConfigMap, releaseSecret };

/** A manifest as helm renders one: documents headed by `# Source:`. */
export function manifestOf(objects: { kind: string; name: string; namespace?: string; spec?: unknown }[]): string {
  return objects
    .map((o) => `---\n# Source: web/templates/${o.name}.yaml\n${stringify({
      apiVersion: o.kind === 'Job' ? 'batch/v1' : 'apps/v1',
      kind: o.kind,
      metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) },
      spec: o.spec ?? {},
    })}`)
    .join('');
}

/** The web Deployment's spec, from the status fixture, so its selector matches the fixture pods. */
export function webSpec(): unknown {
  return scenario('deploy-mid-rollout').workload.spec;
}

/** One revision of release "shop", as helm stores it. */
export function shopRelease(version: number, status: string, opts: { chartVersion: string; appVersion: string; manifest: string; description?: string; hooks?: string[] }) {
  const r = beaconRelease();
  r.name = 'shop';
  r.namespace = 'shop';
  r.version = version;
  r.info.status = status;
  r.info.description = opts.description ?? (version === 1 ? 'Install complete' : 'Upgrade complete');
  r.info.last_deployed = new Date(Date.parse('2026-11-21T20:00:00Z') + version * 3_600_000).toISOString();
  r.chart.metadata.name = 'web';
  r.chart.metadata.version = opts.chartVersion;
  r.chart.metadata.appVersion = opts.appVersion;
  r.manifest = opts.manifest;
  // Keep the real hook's shape (a pre-upgrade migration Job), renamed per the requested names.
  const hook = r.hooks[0];
  r.hooks = (opts.hooks ?? []).map((name) => ({ ...hook, name, path: `web/templates/${name}.yaml` }));
  return r;
}

/** The release Secret of that revision, with a resourceVersion of our choosing. */
export function shopSecret(version: number, status: string, opts: Parameters<typeof shopRelease>[2], resourceVersion = String(100 + version)): KubeObject {
  const s = releaseSecret(shopRelease(version, status, opts)) as unknown as KubeObject;
  s.metadata.resourceVersion = resourceVersion;
  return s;
}

/** Feeds objects through a batcher into the store (as one frame) and flushes. */
export function feed(store: DeckStore, resource: WatchResource, objects: KubeObject[]): void {
  const b = createWatchBatcher(store);
  const sink = b.sinkFor(resource);
  for (const o of objects) sink.upsert(o);
  sink.synced();
  b.flush();
  b.stop();
}

/** A pod fixture by file name, as a KubeObject. */
export function pod(file: string): KubeObject {
  return fixture(`pods/${file}`) as KubeObject;
}

/** A minimal Pod: distinct names for the bulk tests. */
export function simplePod(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '1', labels: { app: 'bulk' } },
    status: { phase: 'Running' },
    ...extra,
  };
}
