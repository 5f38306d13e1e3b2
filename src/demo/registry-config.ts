// The demo's registry: kubesim answers for the sample application's image
// hosts (its own registry.example.invalid, and docker.io for the database
// image) and helmdeck's config points those hosts at kubesim's registry, so
// images-exist asks the same registry the kubelet pulls from — every tag is
// there except the ones a scenario leaves unpushed (kubesim's "missing" tags).
import type { RegistryHosts } from '../config/read-registries.js';

/** The hosts the sample chart's images name. */
export const DEMO_REGISTRY_HOSTS: readonly string[] = ['registry.example.invalid', 'docker.io'];

/** The config's `registries` map for a running demo. */
export function demoRegistries(registryUrl: string): RegistryHosts {
  return Object.fromEntries(DEMO_REGISTRY_HOSTS.map((h) => [h, { mirror: registryUrl }]));
}

/** The same map as a config file, for helmdeck run from another shell (`--config FILE`). */
export function demoConfigText(registryUrl: string): string {
  return [
    '# helmdeck config for the running demo: images of these hosts are checked in kubesim\'s registry.',
    'registries:',
    ...DEMO_REGISTRY_HOSTS.map((h) => `  ${h}: { mirror: ${registryUrl} }`),
    '',
  ].join('\n');
}
