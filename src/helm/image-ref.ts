// The docker reference grammar, once: an image string split into registry
// domain, repository path, tag and digest. Registry lookups and kubesim's
// simulated containerd each normalise it their own way from here.

/** An image reference as written, split; `domain` is absent for Docker Hub shorthand ("nginx", "org/app"). */
export interface ImageParts {
  domain?: string;
  path: string;
  tag?: string;
  digest?: string;
}

/** Splits an image reference the way distribution/reference does. */
export function splitImage(image: string): ImageParts {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  // A tag follows the last ':' after the last '/'; "host:5000/app" has none.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    ...(hasDomain ? { domain: first } : {}),
    path: hasDomain ? rest.slice(slash + 1) : rest,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}
