// `helmdeck sim image push IMAGE...` on the server side: each image, named
// on a host kubesim's registry answers for, gets a small image manifest
// under its tag. An image on any other host is refused by name: pushing it
// here would not make the kubelet find it.
import type { SimContext } from '../context.js';
import { imageLocation } from './image-lookup.js';
import { isDigest } from './registry-store.js';

/** Pushes each image; returns image → digest. Throws a one-line reason for the first bad image. */
export function pushImages(ctx: SimContext, images: unknown): Array<{ image: string; digest: string }> {
  const registry = ctx.registry;
  if (!registry) throw new Error('this kubesim runs without a registry');
  if (!Array.isArray(images) || images.length === 0 || images.some((i) => typeof i !== 'string' || !i)) throw new Error('expected "images": a list of image references');
  const planned = (images as string[]).map((image) => {
    const at = imageLocation(image);
    if (!registry.hosts.has(at.host)) {
      throw new Error(`${image}: kubesim's registry does not answer for ${at.host} (it answers for ${[...registry.hosts].join(', ')}; add hosts with --registry-host)`);
    }
    if (isDigest(at.reference)) throw new Error(`${image}: push a tag, not a digest (the digest is the registry's to compute)`);
    registry.store.checkName(at.repository);
    return { image, ...at };
  });
  return planned.map((p) => ({ image: p.image, digest: registry.store.pushSmallImage(p.repository, p.reference) }));
}
