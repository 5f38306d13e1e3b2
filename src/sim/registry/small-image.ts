// A small but well-formed OCI image: a config and one gzipped layer (an
// empty tar), so a pushed or shorthand image has a real manifest, real blobs
// and a real digest for clients to fetch and check.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** sha256:HEX of the bytes, the digest form the spec uses. */
export function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The blobs and manifest of one image. */
export interface ImageParts {
  blobs: Buffer[];
  manifest: Buffer;
}

/** A small linux/amd64 image labelled with the reference it was made for (distinct tags, distinct digests). */
export function smallImage(repository: string, tag: string): ImageParts {
  // Two zero blocks: the end-of-archive marker of an empty tar.
  const tar = Buffer.alloc(1024);
  const layer = gzipSync(tar, { level: 9 });
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'org.opencontainers.image.ref.name': `${repository}:${tag}` } },
      rootfs: { type: 'layers', diff_ids: [digestOf(tar)] },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: digestOf(config), size: config.length },
      layers: [{ mediaType: OCI_LAYER_GZIP, digest: digestOf(layer), size: layer.length }],
    }),
  );
  return { blobs: [config, layer], manifest };
}
