// Decoding of Kubernetes protobuf request bodies. client-go's typed clients
// (helm's release storage, `kubectl create namespace|deployment|job`,
// `kubectl auth can-i`, `kubectl drain`) default to
// `application/vnd.kubernetes.protobuf`, so kubesim reads every kind it serves
// in that encoding. Field numbers and types come from schema/kube-types.ts,
// generated from the Go struct tags of k8s.io/api.

import { ApiError } from './errors.js';
import { bytesOf, fields, malformed, str } from './protobuf-wire.js';
import { decodeStruct } from './schema/protobuf-decode.js';
import { structKey, structOf } from './schema/types.js';
import type { ObjectMeta } from '../store/types.js';

/** A decoded body in the JSON shape the API serves, with apiVersion and kind set. */
export interface ProtobufObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [key: string]: any;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"
const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** Whether a Content-Type header names the Kubernetes protobuf encoding (any parameters). */
export function isProtobuf(contentType: string | undefined | null): boolean {
  if (!contentType) return false;
  return contentType.split(';')[0]!.trim().toLowerCase() === PROTOBUF_MEDIA_TYPE;
}

// The struct of a top-level kind: one with TypeMeta (apiVersion and kind carry no field number).
// client-go labels DeleteOptions with the group version of the resource it deletes.
function rootStruct(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'meta/v1.DeleteOptions';
  const key = structKey(apiVersion, kind);
  if (!key) return undefined;
  return structOf(key).fields.some((f) => f[0] === 'kind' && f[1] === 0) ? key : undefined;
}

/** Decodes a `k8s\0`-prefixed runtime.Unknown body into API JSON; 400 if malformed, 415 if the kind is not served. */
export function decodeProtobufObject(body: Buffer): ProtobufObject {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw malformed('missing the "k8s\\x00" prefix');
  }
  // runtime.Unknown {1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  let contentEncoding = '';
  for (const f of fields(body.subarray(MAGIC.length))) {
    if (f.no === 1) {
      for (const t of fields(bytesOf(f))) {
        if (t.no === 1) apiVersion = str(t);
        else if (t.no === 2) kind = str(t);
      }
    } else if (f.no === 2) raw = bytesOf(f);
    else if (f.no === 3) contentEncoding = str(f);
  }
  if (!kind || !apiVersion) throw malformed("Object 'Kind' or 'apiVersion' is missing");
  if (contentEncoding) {
    throw new ApiError(415, 'UnsupportedMediaType', `protobuf content encoding "${contentEncoding}" is not supported`);
  }
  const key = rootStruct(apiVersion, kind);
  if (!key) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of kind ${kind} (${apiVersion}) is not served by kubesim`);
  }
  const decoded = decodeStruct(raw, structOf(key));
  delete decoded.apiVersion;
  delete decoded.kind;
  return { kind, apiVersion, ...decoded };
}
