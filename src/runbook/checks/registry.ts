// Does an image exist? Asked the way docker and containerd ask a registry:
// the distribution API's HEAD /v2/REPO/manifests/REF at the host's endpoint
// (its mirror from the config file, else the host), anonymously first; a
// `401 WWW-Authenticate: Bearer realm=…,service=…,scope=…` challenge is
// answered from the token endpoint (with the operator's docker credentials
// when there are some, else anonymously), a Basic challenge with those
// credentials. Verdicts: exists (200), missing (404), unauthorized (refused,
// in the registry's own words), unknown (unreachable or anything else) — a
// registry that cannot be read never passes an image.
import { splitImage } from '../../helm/image-ref.js';
import type { RegistryCredential } from './docker-credentials.js';
import { registryEndpoint, type RegistryHosts } from './registry-hosts.js';
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
  state: 'exists' | 'missing' | 'unauthorized' | 'unknown';
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
  /** The config file's `registries` map: mirrors and insecure hosts. */
  hosts?: RegistryHosts;
  /** The operator's credential for a registry host (docker's config.json and helpers), asked only when a registry wants one. */
  credential?: (host: string) => Promise<RegistryCredential | undefined>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Certificate verdicts: TLS was spoken and the answer was "not trusted" — never a reason to try plain HTTP. */
const CERT_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** Asks the registry whether the image's manifest exists. Never throws. */
export async function imageExists(ref: ImageRef, o: LookupOptions = {}): Promise<ImageVerdict> {
  const endpoint = registryEndpoint(ref.registry, o.hosts, o.insecure);
  const via = endpoint.mirror ? ` (mirror for ${ref.registry})` : '';
  const path = `/v2/${ref.repository}/manifests/${ref.reference}`;
  let base = endpoint.bases[0]!;
  const ask = (method: 'HEAD' | 'GET', auth?: string) => send(`${base}${path}`, method, { accept: MANIFEST_ACCEPT, ...(auth ? { authorization: auth } : {}) }, endpoint.insecure, o);
  try {
    let res: Answer | undefined;
    for (const [i, b] of endpoint.bases.entries()) {
      base = b;
      try {
        res = await ask('HEAD');
        break;
      } catch (e) {
        if (i === endpoint.bases.length - 1 || CERT_ERRORS.test(why(e))) throw e;
      }
    }
    const url = `${base}${path}`;
    let auth: string | undefined;
    if (res!.status === 401) {
      const challenge = header(res!, 'www-authenticate');
      const cred = await credentialFor(ref.registry, base, o).catch((e: unknown) => e as Error);
      if (cred instanceof Error) return { state: 'unknown', detail: `${url}${via} wants credentials and reading them failed: ${cred.message}` };
      const bearer = parseChallenge(challenge);
      if (bearer) {
        const token = await fetchToken(bearer, ref, cred, endpoint.insecure, o);
        if ('refused' in token) return { state: 'unauthorized', detail: `${token.refused}${cred ? ` (with the credential from ${cred.source})` : ' (anonymously: no docker credential for this registry)'}` };
        auth = `Bearer ${token.token}`;
      } else if (/^\s*basic\b/i.test(challenge) && cred) {
        auth = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
      } else if (!/^\s*basic\b/i.test(challenge)) {
        return { state: 'unknown', detail: `${url}${via} → 401 with a challenge helmdeck does not speak (${challenge || 'none'})` };
      }
      if (auth) res = await ask('HEAD', auth);
      if (res!.status === 401 || res!.status === 403 || !auth) {
        const whose = cred ? `with the credential from ${cred.source}` : 'anonymously: no docker credential for this registry';
        return { state: 'unauthorized', detail: `${url}${via} → ${res!.status}: ${await registryWords(ask, auth, res!)} (${whose})` };
      }
    }
    const digest = header(res!, 'docker-content-digest');
    if (res!.status === 200) return { state: 'exists', detail: `${url}${via} → 200${digest ? ` ${digest}` : ''}` };
    if (res!.status === 404) return { state: 'missing', detail: `image not found: ${url}${via} → 404` };
    if (res!.status === 403) return { state: 'unauthorized', detail: `${url}${via} → 403: ${await registryWords(ask, auth, res!)}` };
    return { state: 'unknown', detail: `${url}${via} → HTTP ${res!.status}${res!.status === 429 ? ' (rate limited)' : ''}` };
  } catch (e) {
    return { state: 'unknown', detail: `registry unreachable: ${endpoint.mirror ? `${endpoint.mirror} (mirror for ${ref.registry})` : ref.registry}: ${why(e)}` };
  }
}

/** The credential for the mirror's host first (it is the one asking), then the image's own host. */
async function credentialFor(host: string, base: string, o: LookupOptions): Promise<RegistryCredential | undefined> {
  if (!o.credential) return undefined;
  const asked = new URL(base).host;
  return (asked !== host ? await o.credential(asked) : undefined) ?? (await o.credential(host));
}

/** What the registry said when it refused: its errors' codes and messages (a HEAD has no body, so a GET reads it). */
async function registryWords(ask: (m: 'GET', auth?: string) => Promise<Answer>, auth: string | undefined, res: Answer): Promise<string> {
  let body = res.body;
  if (!body) body = await ask('GET', auth).then((r) => r.body).catch(() => '');
  return errorWords(body) ?? `HTTP ${res.status} ${res.statusText}`.trim();
}

/** `CODE: message` of each entry of a distribution error body, or undefined for a body that is not one. */
export function errorWords(body: string): string | undefined {
  try {
    const doc = JSON.parse(body) as { errors?: Array<{ code?: unknown; message?: unknown }>; details?: unknown };
    const words = (doc.errors ?? []).map((e) => [e.code, e.message].filter((x) => typeof x === 'string' && x).join(': ')).filter(Boolean);
    return words.length ? words.join('; ') : typeof doc.details === 'string' ? doc.details : undefined;
  } catch {
    return undefined;
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

/** A token from the challenge's realm: anonymous, or with Basic credentials; `refused` in the endpoint's words. */
async function fetchToken(ch: Record<string, string>, ref: ImageRef, cred: RegistryCredential | undefined, insecure: boolean, o: LookupOptions): Promise<{ token: string } | { refused: string }> {
  const u = new URL(ch.realm!);
  if (ch.service) u.searchParams.set('service', ch.service);
  u.searchParams.set('scope', ch.scope || `repository:${ref.repository}:pull`);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cred) headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
  // The realm is trusted as far as the registry is: unverified only when it is the insecure registry itself.
  const res = await send(u.toString(), 'GET', headers, insecure && u.host === ref.registry, o);
  const where = `token endpoint ${u.origin}${u.pathname}`;
  if (res.status === 401 || res.status === 403) return { refused: `${where} → ${res.status}: ${errorWords(res.body) ?? res.statusText}` };
  if (res.status !== 200) throw new Error(`${where} answered HTTP ${res.status}`);
  let body: { token?: unknown; access_token?: unknown };
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    throw new Error(`${where} answered with something that is not JSON`);
  }
  const token = typeof body.token === 'string' ? body.token : body.access_token;
  if (typeof token !== 'string' || !token) throw new Error(`${where} returned no token`);
  return { token };
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
