// Discovery documents: the plain ones (/api, /apis, /api/v1, /apis/G/V) and
// aggregated discovery v2, which current clients ask for first.
import { groups, resourceTypes, verbsOf } from './resources.js';
import type { ResourceType } from '../store/types.js';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function subVerbs(sub: string): string[] {
  if (sub === 'log') return ['get'];
  if (sub === 'eviction') return ['create'];
  if (sub === 'exec' || sub === 'attach' || sub === 'portforward') return ['create', 'get'];
  if (sub === 'proxy') return ['create', 'delete', 'get', 'patch', 'update'];
  return ['get', 'patch', 'update'];
}

function subKind(rt: ResourceType, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  if (sub === 'eviction') return { group: 'policy', version: 'v1', kind: 'Eviction' };
  if (sub === 'log') return { group: '', version: 'v1', kind: 'Pod' };
  const options: Record<string, string> = { exec: 'PodExecOptions', attach: 'PodAttachOptions', portforward: 'PodPortForwardOptions', proxy: `${rt.kind}ProxyOptions` };
  if (options[sub]) return { group: '', version: 'v1', kind: options[sub] };
  return { group: rt.group, version: rt.version, kind: rt.kind };
}

/** Whether the Accept header asks for aggregated discovery v2. */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.replace(/\s+/g, '');
    return p.includes('as=APIGroupDiscoveryList') && p.includes('g=apidiscovery.k8s.io') && /;v=v2(;|$)/.test(p);
  });
}

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '35',
    emulationMajor: '1',
    emulationMinor: '35',
    minCompatibilityMajor: '1',
    minCompatibilityMinor: '34',
    gitVersion: 'v1.35.0-kubesim',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.25.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** GET /api */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** GET /apis */
export function apiGroupList(): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups()
      .filter((g) => g.group !== '')
      .map((g) => ({
        name: g.group,
        versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${g.group}/${g.versions[0]}`, version: g.versions[0] },
      })),
  };
}

/** GET /apis/GROUP */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  const g = groups().find((x) => x.group === group && group !== '');
  if (!g) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: g.group,
    versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.group}/${g.versions[0]}`, version: g.versions[0] },
  };
}

/** GET /api/v1 or /apis/GROUP/VERSION; undefined when not served. */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const rts = resourceTypes.filter((r) => r.group === group && r.version === version);
  if (!rts.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of rts) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: verbsOf(r),
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
      storageVersionHash: Buffer.from(r.key).toString('base64').slice(0, 11),
    });
    for (const sub of r.subresources) {
      const k = subKind(r, sub);
      resources.push({
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(k.group !== r.group || k.version !== r.version ? { group: k.group, version: k.version } : {}),
        kind: k.kind,
        verbs: subVerbs(sub),
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function discoveryResource(r: ResourceType): Record<string, unknown> {
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: verbsOf(r),
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? {
          subresources: r.subresources.map((sub) => ({
            subresource: sub,
            responseKind: subKind(r, sub),
            verbs: subVerbs(sub),
          })),
        }
      : {}),
  };
}

/** Aggregated discovery for /api (core) or /apis (named groups). */
export function aggregatedDiscovery(core: boolean): Record<string, unknown> {
  const items = groups()
    .filter((g) => (g.group === '') === core)
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: resourceTypes.filter((r) => r.group === g.group && r.version === v).map(discoveryResource),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
