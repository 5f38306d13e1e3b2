// The config file's `registries` map — per registry host, a mirror that
// answers for it and whether its TLS is verified — as containerd's
// hosts.toml says it for a node: `registries: { HOST: { mirror: URL,
// insecure: true|false } }`. images-exist asks where this points.
import type { MapEntry } from './yaml-schema.js';
import { readBool, readMap, readString } from './yaml-schema.js';
import type { YamlSource } from './yaml-source.js';

/** One host's settings. */
export interface RegistryHostSettings {
  /** Base URL answering the registry API for this host (http:// or https://). */
  mirror?: string;
  /** Accept a certificate that does not verify; without a mirror, fall back to plain HTTP. */
  insecure?: boolean;
}

/** The map, keyed by host[:port] as image references name it. */
export type RegistryHosts = Readonly<Record<string, RegistryHostSettings>>;

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/i;

/** Reads `registries:`; every bad host, URL or flag names its line. */
export function readRegistries(src: YamlSource, e: MapEntry, note: (e: MapEntry) => MapEntry): Record<string, RegistryHostSettings> {
  const out: Record<string, RegistryHostSettings> = {};
  for (const h of readMap(src, e.value, e.path, null).map(note)) {
    if (!HOST.test(h.key)) throw src.error(h.keyNode, h.path, 'expected a registry host such as registry.example.invalid or host:5000 (no scheme, no path)');
    const settings: RegistryHostSettings = {};
    for (const s of readMap(src, h.value, h.path, ['mirror', 'insecure']).map(note)) {
      if (s.key === 'insecure') {
        settings.insecure = readBool(src, s);
        continue;
      }
      const text = readString(src, s);
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
        throw src.error(s.at, s.path, `expected an http:// or https:// URL such as http://127.0.0.1:5000, got ${JSON.stringify(text)}`);
      }
      settings.mirror = text.replace(/\/+$/, '');
    }
    out[h.key] = settings;
  }
  return out;
}
