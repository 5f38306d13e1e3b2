// kubesim's registry store and the kubelet's lookup: what is held (pushed,
// or the shorthand: any tag not starting with "missing"), the spec's errors
// for what is not, and which hosts are looked up at all.
import { describe, expect, it } from 'vitest';
import { createImageLookup, imageLocation } from '../../../src/sim/registry/image-lookup.js';
import { OciFailure } from '../../../src/sim/registry/oci-error.js';
import { heldByShorthand, RegistryStore } from '../../../src/sim/registry/registry-store.js';
import { digestOf, smallImage } from '../../../src/sim/registry/small-image.js';

function failure(fn: () => unknown): { status: number; code: string } | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof OciFailure) return { status: err.error.status, code: err.error.code };
    throw err;
  }
  return undefined;
}

describe('RegistryStore', () => {
  it('holds a pushed image by tag and by digest, and lists its tags', () => {
    const s = new RegistryStore();
    const digest = s.pushSmallImage('shop/web', 'missing-1');
    expect(s.manifest('shop/web', 'missing-1').digest).toBe(digest);
    expect(s.manifest('shop/web', digest).digest).toBe(digest);
    expect(s.tags('shop/web')).toEqual(['missing-1']);
    const doc = JSON.parse(s.manifest('shop/web', digest).body.toString());
    for (const d of [doc.config, ...doc.layers]) expect(digestOf(s.blob(d.digest)!)).toBe(d.digest);
  });

  it('holds every other tag by the shorthand, never a "missing" tag or an unpushed digest', () => {
    const s = new RegistryStore();
    expect(s.manifest('shop/web', '1.1.0').mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(failure(() => s.manifest('shop/web', 'missing-1.1.0'))).toEqual({ status: 404, code: 'MANIFEST_UNKNOWN' });
    expect(failure(() => s.manifest('shop/web', `sha256:${'0'.repeat(64)}`))).toEqual({ status: 404, code: 'MANIFEST_UNKNOWN' });
    expect([heldByShorthand('1.0'), heldByShorthand('missing'), heldByShorthand('missing-x'), heldByShorthand('not/a/tag')]).toEqual([true, false, false, false]);
    expect(failure(() => s.tags('never/pushed'))).toEqual({ status: 404, code: 'NAME_UNKNOWN' });
    // The shorthand's images answer by tag and digest but never join the tag list (helm picks its newest chart there).
    const digest = s.manifest('charts/shop', '9.9.9').digest;
    expect(s.manifest('charts/shop', digest).digest).toBe(digest);
    s.pushSmallImage('charts/shop', '1.0.0');
    expect(s.tags('charts/shop')).toEqual(['1.0.0']);
  });

  it('refuses a manifest naming blobs it does not have, content that does not match its digest, and bad names', () => {
    const s = new RegistryStore();
    const img = smallImage('a/b', '1');
    expect(failure(() => s.putManifest('a/b', '1', '', img.manifest))).toEqual({ status: 400, code: 'MANIFEST_BLOB_UNKNOWN' });
    expect(failure(() => s.putBlob(Buffer.from('x'), digestOf(Buffer.from('y'))))).toEqual({ status: 400, code: 'DIGEST_INVALID' });
    expect(failure(() => s.manifest('Upper/Case', '1'))).toEqual({ status: 400, code: 'NAME_INVALID' });
  });

  it('assembles a chunked upload and checks the whole against the digest', () => {
    const s = new RegistryStore();
    const id = s.startUpload('a/b');
    expect(s.appendUpload('a/b', id, Buffer.from('hello '))).toBe(6);
    expect(s.finishUpload('a/b', id, digestOf(Buffer.from('hello world')), Buffer.from('world'))).toBe(digestOf(Buffer.from('hello world')));
    expect(failure(() => s.appendUpload('a/b', id, Buffer.from('late')))).toEqual({ status: 404, code: 'BLOB_UPLOAD_UNKNOWN' });
  });
});

describe('image lookup for the kubelet', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest'],
    ['index.docker.io/bitnami/redis:7', 'docker.io', 'bitnami/redis', '7'],
    ['registry.example.invalid/shop/web:1.0', 'registry.example.invalid', 'shop/web', '1.0'],
    ['127.0.0.1:5000/web@sha256:abc', '127.0.0.1:5000', 'web', 'sha256:abc'],
  ])('%s is %s / %s : %s', (image, host, repository, reference) => {
    expect(imageLocation(image)).toEqual({ host, repository, reference });
  });

  it('asks the store for its hosts (pushed images found with their digest) and the shorthand for the rest', () => {
    const store = new RegistryStore();
    const lookup = createImageLookup(store, () => new Set(['registry.example.invalid', 'docker.io']));
    const digest = store.pushSmallImage('shop/web', 'missing-2');
    expect(lookup('registry.example.invalid/shop/web:missing-2')).toMatchObject({ held: true, digest });
    expect(lookup('registry.example.invalid/shop/web:missing-3')).toMatchObject({ held: false, error: { status: 404, code: 'MANIFEST_UNKNOWN' } });
    expect(lookup('postgres:16')).toMatchObject({ held: true, digest: expect.stringMatching(/^sha256:/) });
    expect(lookup(`registry.example.invalid/shop/web@sha256:${'1'.repeat(64)}`)).toMatchObject({ held: false });
    // Hosts kubesim does not answer for cannot be reached: the shorthand alone.
    expect(lookup('quay.io/x/y:missing-1')).toMatchObject({ held: false });
    expect(lookup(`quay.io/x/y@sha256:${'1'.repeat(64)}`)).toEqual({ held: true });
  });
});
