// Image references as containerd sees them: normalised names for messages,
// digests for imageID (the registry's when it holds the image, else a stable
// fake), and a failed pull worded as containerd words the registry's answer.
import { createHash } from 'node:crypto';
import { splitImage } from '../../helm/image-ref.js';

export interface ImageRef {
  /** Fully qualified repository ("docker.io/library/nginx"). */
  repository: string;
  /** Tag, or undefined for a digest reference. */
  tag?: string;
  digest?: string;
}

/** Splits an image reference the way the docker reference grammar does. */
export function parseImage(image: string): ImageRef {
  const parts = splitImage(image);
  const digest = parts.digest;
  let tag = parts.tag;
  const repository = parts.domain ? `${parts.domain}/${parts.path}` : parts.path.includes('/') ? `docker.io/${parts.path}` : `docker.io/library/${parts.path}`;
  if (!tag && !digest) tag = 'latest';
  return { repository, tag, digest };
}

/** The normalised reference containerd prints ("docker.io/library/nginx:1.25"). */
export function normalizedImage(image: string): string {
  const r = parseImage(image);
  return r.digest ? `${r.repository}${r.tag ? `:${r.tag}` : ''}@${r.digest}` : `${r.repository}:${r.tag}`;
}

/** The kubelet's default pull policy: Always for ":latest" or untagged, else IfNotPresent. */
export function pullPolicy(container: { image?: string; imagePullPolicy?: string }): string {
  if (container.imagePullPolicy) return container.imagePullPolicy;
  const r = parseImage(container.image ?? '');
  return !r.digest && r.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** status.containerStatuses[].imageID: the repository pinned to the pulled digest, else a (fake, stable) one. */
export function imageID(image: string, pulled?: string): string {
  const r = parseImage(image);
  return `${r.repository}@${r.digest ?? pulled ?? `sha256:${sha256(normalizedImage(image))}`}`;
}

/** A stable fake image size in bytes, for the Pulled event. */
export function imageSize(image: string): number {
  return 20_000_000 + (parseInt(sha256(image).slice(0, 8), 16) % 180_000_000);
}

/** The error containerd returns when the registry refused the pull, as the kubelet wraps it. */
export function pullErrorMessage(image: string, answer: { status: number; code: string; message: string }): string {
  const ref = normalizedImage(image);
  const prefix = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}"`;
  if (answer.status === 404) return `rpc error: code = NotFound desc = ${prefix}: ${ref}: not found`;
  if (answer.status === 401 || answer.status === 403) {
    return `rpc error: code = Unknown desc = ${prefix}: pull access denied, repository does not exist or may require authorization: server message: ${answer.code.toLowerCase()}: ${answer.message}`;
  }
  return `rpc error: code = Unknown desc = ${prefix}: unexpected status from HEAD request: ${answer.status} (${answer.code}: ${answer.message})`;
}
