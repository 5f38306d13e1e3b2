// What kubesim's registry holds: content-addressed blobs, manifests by
// digest and by tag per repository, and uploads in progress. One rule
// decides what is held, for the HTTP API and the kubelet alike: what was
// pushed, and — the shorthand charts and tests rely on — any tag that does
// not start with "missing", made on first request as a small image.
import { randomUUID } from 'node:crypto';
import { ociError, OciFailure } from './oci-error.js';
import { digestOf, OCI_MANIFEST, smallImage } from './small-image.js';

/** A stored manifest. */
export interface StoredManifest {
  digest: string;
  mediaType: string;
  body: Buffer;
}

/** Repository names as the distribution spec allows them. */
const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** The shorthand: a tag is held unless it starts with "missing"; a digest only when pushed. */
export function heldByShorthand(reference: string): boolean {
  return TAG.test(reference) && !reference.startsWith('missing');
}

export function isDigest(reference: string): boolean {
  return DIGEST.test(reference);
}

export class RegistryStore {
  private readonly blobs = new Map<string, Buffer>();
  private readonly repos = new Map<string, { byDigest: Map<string, StoredManifest>; tags: Map<string, string> }>();
  private readonly uploads = new Map<string, { repository: string; chunks: Buffer[] }>();

  /** Throws NAME_INVALID for a name the spec does not allow. */
  checkName(repository: string): void {
    if (!NAME.test(repository)) throw new OciFailure(ociError('NAME_INVALID', repository));
  }

  blob(digest: string): Buffer | undefined {
    return this.blobs.get(digest);
  }

  /** Stores bytes; `expected` (when given) must be their digest. */
  putBlob(bytes: Buffer, expected?: string): string {
    const digest = digestOf(bytes);
    if (expected !== undefined && expected !== digest) throw new OciFailure(ociError('DIGEST_INVALID', `expected ${expected}, content is ${digest}`));
    this.blobs.set(digest, bytes);
    return digest;
  }

  startUpload(repository: string): string {
    this.checkName(repository);
    const id = randomUUID();
    this.uploads.set(id, { repository, chunks: [] });
    return id;
  }

  /** Appends a chunk; returns the bytes received so far. */
  appendUpload(repository: string, id: string, chunk: Buffer): number {
    const u = this.upload(repository, id);
    if (chunk.length) u.chunks.push(chunk);
    return u.chunks.reduce((n, c) => n + c.length, 0);
  }

  uploadSize(repository: string, id: string): number {
    return this.appendUpload(repository, id, Buffer.alloc(0));
  }

  /** Completes an upload with its last chunk; the whole must match the digest. */
  finishUpload(repository: string, id: string, digest: string, last: Buffer): string {
    const u = this.upload(repository, id);
    const stored = this.putBlob(Buffer.concat([...u.chunks, last]), digest);
    this.uploads.delete(id);
    return stored;
  }

  private upload(repository: string, id: string): { repository: string; chunks: Buffer[] } {
    const u = this.uploads.get(id);
    if (!u || u.repository !== repository) throw new OciFailure(ociError('BLOB_UPLOAD_UNKNOWN', id));
    return u;
  }

  /** Stores a manifest under its digest and, for a tag reference, the tag; every blob it names must be here. */
  putManifest(repository: string, reference: string, mediaType: string, body: Buffer): string {
    this.checkName(repository);
    let doc: any;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      throw new OciFailure(ociError('MANIFEST_INVALID', 'not JSON'));
    }
    if (!doc || typeof doc !== 'object' || doc.schemaVersion !== 2) throw new OciFailure(ociError('MANIFEST_INVALID', 'schemaVersion must be 2'));
    const repo = this.repo(repository);
    for (const d of [doc.config, ...(Array.isArray(doc.layers) ? doc.layers : [])].filter(Boolean)) {
      if (!this.blobs.has(d.digest)) throw new OciFailure(ociError('MANIFEST_BLOB_UNKNOWN', String(d.digest)));
    }
    for (const m of Array.isArray(doc.manifests) ? doc.manifests : []) {
      if (!repo.byDigest.has(m.digest)) throw new OciFailure(ociError('MANIFEST_BLOB_UNKNOWN', String(m.digest)));
    }
    const digest = digestOf(body);
    if (isDigest(reference) && reference !== digest) throw new OciFailure(ociError('DIGEST_INVALID', `expected ${reference}, manifest is ${digest}`));
    if (!isDigest(reference) && !TAG.test(reference)) throw new OciFailure(ociError('MANIFEST_INVALID', `invalid tag ${JSON.stringify(reference)}`));
    repo.byDigest.set(digest, { digest, mediaType: mediaType || String(doc.mediaType ?? OCI_MANIFEST), body });
    if (!isDigest(reference)) repo.tags.set(reference, digest);
    return digest;
  }

  /** Pushes a small image under the tag (what `helmdeck sim image push` asks for); returns its digest. */
  pushSmallImage(repository: string, tag: string): string {
    const img = smallImage(repository, tag);
    for (const b of img.blobs) this.putBlob(b);
    return this.putManifest(repository, tag, OCI_MANIFEST, img.manifest);
  }

  /** The manifest for a tag or digest; throws MANIFEST_UNKNOWN when not held. */
  manifest(repository: string, reference: string): StoredManifest {
    this.checkName(repository);
    const repo = this.repos.get(repository);
    const digest = isDigest(reference) ? reference : repo?.tags.get(reference);
    const found = digest ? repo?.byDigest.get(digest) : undefined;
    if (found) return found;
    if (!isDigest(reference) && heldByShorthand(reference)) return this.shorthandImage(repository, reference);
    throw new OciFailure(ociError('MANIFEST_UNKNOWN', `${repository}${isDigest(reference) ? '@' : ':'}${reference} was never pushed`));
  }

  /**
   * The shorthand's image for a tag: stored by digest (its blobs and digest
   * can be fetched) but not tagged, so the tag list — which `helm pull`
   * without --version reads for the newest chart — holds only pushed tags.
   */
  private shorthandImage(repository: string, tag: string): StoredManifest {
    const img = smallImage(repository, tag);
    for (const b of img.blobs) this.putBlob(b);
    const digest = digestOf(img.manifest);
    const repo = this.repo(repository);
    if (!repo.byDigest.has(digest)) repo.byDigest.set(digest, { digest, mediaType: OCI_MANIFEST, body: img.manifest });
    return repo.byDigest.get(digest)!;
  }

  /** The repository's tags, sorted; NAME_UNKNOWN for a repository never pushed to. */
  tags(repository: string): string[] {
    this.checkName(repository);
    const repo = this.repos.get(repository);
    if (!repo) throw new OciFailure(ociError('NAME_UNKNOWN', repository));
    return [...repo.tags.keys()].sort();
  }

  private repo(repository: string): { byDigest: Map<string, StoredManifest>; tags: Map<string, string> } {
    let r = this.repos.get(repository);
    if (!r) this.repos.set(repository, (r = { byDigest: new Map(), tags: new Map() }));
    return r;
  }
}
