// Does an image exist? Asked the way docker and containerd ask a registry:
// Docker Registry HTTP API v2, HEAD /v2/REPO/manifests/REF, anonymously,
// following a `401 WWW-Authenticate: Bearer realm=…,service=…,scope=…`
// challenge with an anonymous token request. Anything that is not a clear
// 200 or 404 is "unknown" — a registry we cannot read never passes an image.
// An insecure registry is tried as docker does: HTTPS without verifying the
// certificate, then plain HTTP.
import { splitImage } from '../../helm/image-ref.js';
import { request, type Answer } from './request.js';

/** An image reference split the way the registry is addressed. */
export interface ImageRef {
  /** As written in the manifest. */
  image: string;
  /** Host[:port] of the registry API (docker.io → registry-1.docker.io). */
  registry: string;
  /** Repository path (docker.io's one-word names get library/). */
  repository: string;
  /** The digest when pinned, else the tag (default latest). */
  reference: string;
}

/** What the registry said about one image. */
export interface ImageVerdict {
  state: 'exists' | 'missing' | 'unknown';
  detail: string;
}

/** The manifest media types a runtime accepts: an index or list (multi-arch) as well as a single manifest. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Splits an image reference as distribution/reference does (docker.io defaults included). */
export function parseImageRef(image: string): ImageRef {
  const { domain, path, tag, digest } = splitImage(image);
  let registry = domain ?? 'docker.io';
  let repository = path;
  if (!repository) throw new Error(`image ${JSON.stringify(image)} has no repository`);
  if (registry === 'docker.io' || registry === 'index.docker.io') {
    registry = 'registry-1.docker.io';
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  return { image, registry, repository, reference: digest ?? tag ?? 'latest' };
}

/** Options of a registry lookup. */
export interface LookupOptions {
  /** Registries (host[:port]) reached with unverified TLS, or over plain HTTP when TLS fails. */
  insecure?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Asks the registry whether the image's manifest exists. Never throws. */
export async function imageExists(ref: ImageRef, o: LookupOptions = {}): Promise<ImageVerdict> {
  const insecure = o.insecure?.includes(ref.registry) ?? false;
  const path = `/v2/${ref.repository}/manifests/${ref.reference}`;
  let base = `https://${ref.registry}`;
  const head = (auth?: string) => send(`${base}${path}`, 'HEAD', { accept: MANIFEST_ACCEPT, ...(auth ? { authorization: auth } : {}) }, insecure, o);
  try {
    let res: Answer;
    try {
      res = await head();
    } catch (e) {
      if (!insecure) throw e;
      base = `http://${ref.registry}`; // no TLS there at all: docker's fallback for an insecure registry
      res = await head();
    }
    const url = `${base}${path}`;
    if (res.status === 401) {
      const challenge = parseChallenge(header(res, 'www-authenticate'));
      if (!challenge) return { state: 'unknown', detail: `registry ${ref.registry} wants credentials (${header(res, 'www-authenticate') || 'no challenge'}); cannot check anonymously` };
      const token = await anonymousToken(challenge, ref, insecure, o);
      res = await head(`Bearer ${token}`);
      // Docker Hub answers 401 even with a token for a repository that does not exist: we cannot tell it from a private one.
      if (res.status === 401) return { state: 'unknown', detail: `registry ${ref.registry} refused anonymous access to ${ref.repository} (private, or it does not exist)` };
    }
    const digest = header(res, 'docker-content-digest');
    if (res.status === 200) return { state: 'exists', detail: `${url} → 200${digest ? ` ${digest}` : ''}` };
    if (res.status === 404) return { state: 'missing', detail: `image not found: ${url} → 404` };
    return { state: 'unknown', detail: `${url} → HTTP ${res.status}${res.status === 429 ? ' (rate limited)' : ''}` };
  } catch (e) {
    return { state: 'unknown', detail: `registry unreachable: ${ref.registry}: ${why(e)}` };
  }
}

/** The parameters of a `Bearer realm="…",service="…",scope="…"` challenge, or undefined for other schemes. */
export function parseChallenge(header: string): Record<string, string> | undefined {
  const m = /^\s*Bearer\s+(.*)$/i.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[1]!.matchAll(/([a-zA-Z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  return params.realm ? params : undefined;
}

async function anonymousToken(ch: Record<string, string>, ref: ImageRef, insecure: boolean, o: LookupOptions): Promise<string> {
  const u = new URL(ch.realm!);
  if (ch.service) u.searchParams.set('service', ch.service);
  u.searchParams.set('scope', ch.scope || `repository:${ref.repository}:pull`);
  // The realm is trusted as far as the registry is: unverified only when it is the insecure registry itself.
  const res = await send(u.toString(), 'GET', { accept: 'application/json' }, insecure && u.host === ref.registry, o);
  if (res.status !== 200) throw new Error(`token endpoint ${u.origin}${u.pathname} answered HTTP ${res.status}`);
  let body: { token?: unknown; access_token?: unknown };
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    throw new Error(`token endpoint ${u.origin}${u.pathname} answered with something that is not JSON`);
  }
  const token = typeof body.token === 'string' ? body.token : body.access_token;
  if (typeof token !== 'string' || !token) throw new Error(`token endpoint ${u.origin}${u.pathname} returned no token`);
  return token;
}

function send(url: string, method: 'GET' | 'HEAD', headers: Record<string, string>, insecure: boolean, o: LookupOptions): Promise<Answer> {
  return request(url, { method, headers, insecure, timeoutMs: o.timeoutMs ?? 10_000, maxBody: 64 * 1024, ...(o.signal ? { signal: o.signal } : {}) });
}

function header(res: Answer, name: string): string {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v ?? '';
}

function why(e: unknown): string {
  const err = e as Error & { code?: string };
  return err.code ?? err.message;
}
