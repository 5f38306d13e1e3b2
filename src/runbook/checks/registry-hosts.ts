// Where a registry host is asked, as a container runtime would be told in
// containerd's hosts.toml: the config file's `registries: { HOST: { mirror:
// URL, insecure: BOOL } }` sends a host to a mirror (kubesim's registry in a
// rehearsal, an internal mirror on a real cluster); without a mirror the host
// itself over HTTPS, then — for an insecure or loopback registry, as
// containerd treats localhost — plain HTTP when TLS cannot be spoken at all
// (a certificate that does not verify is an answer, not a reason to drop TLS).

import type { RegistryHosts } from '../../config/read-registries.js';

export type { RegistryHosts } from '../../config/read-registries.js';

/** Where to send a host's requests. */
export interface RegistryEndpoint {
  /** Base URLs tried in order; the next one only when the previous could not be spoken to (not on a certificate error). */
  bases: string[];
  insecure: boolean;
  /** The mirror's URL, when one answers for the host. */
  mirror?: string;
}

const HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** A host as the `registries` map is keyed: lower case, Docker Hub's aliases as docker.io. */
export function registryKey(host: string): string {
  const h = host.toLowerCase();
  return HUB.includes(h) ? 'docker.io' : h;
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** The endpoint for a registry host, from the config's map and the step's insecure list. */
export function registryEndpoint(host: string, hosts: RegistryHosts = {}, insecureList: readonly string[] = []): RegistryEndpoint {
  const key = registryKey(host);
  const settings = Object.entries(hosts).find(([k]) => registryKey(k) === key)?.[1];
  if (settings?.mirror) return { bases: [settings.mirror.replace(/\/+$/, '')], insecure: settings.insecure ?? false, mirror: settings.mirror };
  const insecure = settings?.insecure ?? insecureList.some((h) => registryKey(h) === key);
  const server = key === 'docker.io' ? 'registry-1.docker.io' : host;
  return { bases: insecure || isLoopback(host) ? [`https://${server}`, `http://${server}`] : [`https://${server}`], insecure };
}
