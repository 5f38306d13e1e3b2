// How kubesim's nodes find an image: one whose registry host is kubesim's
// registry (its address, or a host it was told to answer for) is looked up
// there, with the registry's own answer; any other host cannot be reached
// from the simulation, so the store's shorthand decides (a tag starting with
// "missing" is not there, a digest always is).
import { splitImage } from '../../helm/image-ref.js';
import { ociError, OciFailure, type OciError } from './oci-error.js';
import { heldByShorthand, type RegistryStore } from './registry-store.js';

/** What a pull found. */
export type ImageLookup =
  | { held: true; digest?: string; size?: number }
  | { held: false; error: OciError };

/** Docker Hub's names for itself: an image without a host is on all of them. */
const DOCKER_HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** The registry host and repository an image is pulled from ("nginx" → docker.io, library/nginx). */
export function imageLocation(image: string): { host: string; repository: string; reference: string } {
  const p = splitImage(image);
  const host = p.domain ?? 'docker.io';
  const hub = DOCKER_HUB.includes(host);
  const repository = hub && !p.path.includes('/') ? `library/${p.path}` : p.path;
  return { host: hub ? 'docker.io' : host, repository, reference: p.digest ?? p.tag ?? 'latest' };
}

/** Looks images up in the store for the hosts it answers for. */
export function createImageLookup(store: RegistryStore, hosts: () => ReadonlySet<string>): (image: string) => ImageLookup {
  return (image) => {
    const at = imageLocation(image);
    if (!hosts().has(at.host)) {
      if (at.reference.includes(':') || heldByShorthand(at.reference)) return { held: true };
      return { held: false, error: ociError('MANIFEST_UNKNOWN', `${at.repository}:${at.reference}`) };
    }
    try {
      const m = store.manifest(at.repository, at.reference);
      const doc = JSON.parse(m.body.toString('utf8')) as { config?: { size?: number }; layers?: Array<{ size?: number }> };
      const size = (doc.config?.size ?? 0) + (doc.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0);
      return { held: true, digest: m.digest, size };
    } catch (err) {
      if (err instanceof OciFailure) return { held: false, error: err.error };
      throw err;
    }
  };
}

/** A host as images name it: Docker Hub's aliases become docker.io. */
export function canonicalHost(host: string): string {
  return DOCKER_HUB.includes(host.toLowerCase()) ? 'docker.io' : host.toLowerCase();
}
