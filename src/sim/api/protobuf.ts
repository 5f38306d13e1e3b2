// Decoding of Kubernetes protobuf request bodies. helm (client-go) stores its
// releases through typed clients that default to
// `application/vnd.kubernetes.protobuf`, so kubesim must read Secrets,
// ConfigMaps and DeleteOptions in that encoding. The wire reader is hand-rolled
// because only a handful of messages are needed; field numbers are those of
// k8s.io/api/core/v1 and k8s.io/apimachinery/pkg/apis/meta/v1 generated.proto.

import { ApiError } from './errors.js';
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

const malformed = (why: string) =>
  new ApiError(400, 'BadRequest', `unable to decode protobuf request body: ${why}`);

interface Field {
  no: number;
  wire: number;
  int: bigint; // wire type 0
  bytes: Buffer; // wire type 2
}

// Iterates the fields of one message; fixed32/64 are skipped because none of
// the decoded messages use them, and groups (types 3/4) are long dead in proto.
function* fields(buf: Buffer): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= buf.length) throw malformed('truncated varint');
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
    }
    throw malformed('varint longer than 10 bytes');
  };
  while (pos < buf.length) {
    const tag = varint();
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (no === 0) throw malformed('field number 0');
    if (wire === 0) {
      yield { no, wire, int: varint(), bytes: Buffer.alloc(0) };
    } else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw malformed(`field ${no} overruns the message`);
      yield { no, wire, int: 0n, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
      if (pos > buf.length) throw malformed(`fixed field ${no} overruns the message`);
    } else {
      throw malformed(`unsupported wire type ${wire} for field ${no}`);
    }
  }
}

function bytesOf(f: Field): Buffer {
  if (f.wire !== 2) throw malformed(`field ${f.no} should be length-delimited`);
  return f.bytes;
}
const str = (f: Field) => bytesOf(f).toString('utf8');
function int(f: Field): number {
  if (f.wire !== 0) throw malformed(`field ${f.no} should be a varint`);
  return Number(BigInt.asIntN(64, f.int)); // int32/int64 are sign-extended to 64 bits
}
const bool = (f: Field) => int(f) !== 0;

// map<K,V> entries are messages {1: key, 2: value}; a missing value is the zero value.
function mapEntry(f: Field): [string, Buffer] {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const e of fields(bytesOf(f))) {
    if (e.no === 1) key = str(e);
    else if (e.no === 2) value = bytesOf(e);
  }
  return [key, value];
}

// meta/v1 Time {1: seconds, 2: nanos}. Like metav1.Time.Unmarshal, an empty
// message is the zero time (omitted) and nanos are dropped: JSON is seconds only.
function time(f: Field): string | undefined {
  const b = bytesOf(f);
  if (b.length === 0) return undefined;
  let seconds = 0;
  for (const t of fields(b)) if (t.no === 1) seconds = int(t);
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) throw malformed('timestamp out of range');
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Go's omitempty: zero strings, numbers and empty maps/lists are left out of JSON.
function setIf(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined || value === '' || value === 0) return;
  if (Array.isArray(value) && value.length === 0) return;
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return;
  obj[key] = value;
}

function ownerReference(buf: Buffer): Record<string, unknown> {
  // apiVersion/kind/name/uid have no omitempty in Go, so they are always present.
  const ref: Record<string, unknown> = { apiVersion: '', kind: '', name: '', uid: '' };
  for (const f of fields(buf)) {
    if (f.no === 5) ref.apiVersion = str(f);
    else if (f.no === 1) ref.kind = str(f);
    else if (f.no === 3) ref.name = str(f);
    else if (f.no === 4) ref.uid = str(f);
    else if (f.no === 6) ref.controller = bool(f);
    else if (f.no === 7) ref.blockOwnerDeletion = bool(f);
  }
  return ref;
}

function managedFieldsEntry(buf: Buffer): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) setIf(entry, 'manager', str(f));
    else if (f.no === 2) setIf(entry, 'operation', str(f));
    else if (f.no === 3) setIf(entry, 'apiVersion', str(f));
    else if (f.no === 4) setIf(entry, 'time', time(f));
    else if (f.no === 6) setIf(entry, 'fieldsType', str(f));
    else if (f.no === 7) {
      // FieldsV1 {1: Raw} carries the field set as JSON text.
      for (const r of fields(bytesOf(f))) {
        if (r.no !== 1) continue;
        try {
          entry.fieldsV1 = JSON.parse(str(r));
        } catch {
          throw malformed('managedFields fieldsV1 is not valid JSON');
        }
      }
    } else if (f.no === 8) setIf(entry, 'subresource', str(f));
  }
  return entry;
}

function objectMeta(buf: Buffer): ObjectMeta {
  const m: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  const owners: unknown[] = [];
  const finalizers: string[] = [];
  const managed: unknown[] = [];
  const strings: Record<number, string> = { 1: 'name', 2: 'generateName', 3: 'namespace', 4: 'selfLink', 5: 'uid', 6: 'resourceVersion' };
  for (const f of fields(buf)) {
    const name = strings[f.no];
    if (name) setIf(m, name, str(f));
    else if (f.no === 7) setIf(m, 'generation', int(f));
    else if (f.no === 8) setIf(m, 'creationTimestamp', time(f));
    else if (f.no === 9) setIf(m, 'deletionTimestamp', time(f));
    else if (f.no === 10) m.deletionGracePeriodSeconds = int(f); // *int64: 0 is meaningful
    else if (f.no === 11 || f.no === 12) {
      const [k, v] = mapEntry(f);
      (f.no === 11 ? labels : annotations)[k] = v.toString('utf8');
    } else if (f.no === 13) owners.push(ownerReference(bytesOf(f)));
    else if (f.no === 14) finalizers.push(str(f));
    else if (f.no === 17) managed.push(managedFieldsEntry(bytesOf(f)));
  }
  setIf(m, 'labels', labels);
  setIf(m, 'annotations', annotations);
  setIf(m, 'ownerReferences', owners);
  setIf(m, 'finalizers', finalizers);
  setIf(m, 'managedFields', managed);
  return m as ObjectMeta;
}

// core/v1 Secret {1: metadata, 2: data map<string,bytes>, 3: type, 4: stringData, 5: immutable}.
function secret(buf: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = { metadata: {} };
  const data: Record<string, string> = {};
  const stringData: Record<string, string> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) out.metadata = objectMeta(bytesOf(f));
    else if (f.no === 2) {
      const [k, v] = mapEntry(f);
      data[k] = v.toString('base64');
    } else if (f.no === 3) setIf(out, 'type', str(f));
    else if (f.no === 4) {
      const [k, v] = mapEntry(f);
      stringData[k] = v.toString('utf8');
    } else if (f.no === 5) out.immutable = bool(f);
  }
  setIf(out, 'data', data);
  setIf(out, 'stringData', stringData);
  return out;
}

// core/v1 ConfigMap {1: metadata, 2: data, 3: binaryData map<string,bytes>, 4: immutable}.
function configMap(buf: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = { metadata: {} };
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) out.metadata = objectMeta(bytesOf(f));
    else if (f.no === 2 || f.no === 3) {
      const [k, v] = mapEntry(f);
      if (f.no === 2) data[k] = v.toString('utf8');
      else binaryData[k] = v.toString('base64');
    } else if (f.no === 4) out.immutable = bool(f);
  }
  setIf(out, 'data', data);
  setIf(out, 'binaryData', binaryData);
  return out;
}

// meta/v1 DeleteOptions {1: gracePeriodSeconds, 2: preconditions {1: uid,
// 2: resourceVersion}, 3: orphanDependents, 4: propagationPolicy, 5: dryRun[]}.
function deleteOptions(buf: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dryRun: string[] = [];
  for (const f of fields(buf)) {
    if (f.no === 1) out.gracePeriodSeconds = int(f);
    else if (f.no === 2) {
      const pre: Record<string, string> = {};
      for (const p of fields(bytesOf(f))) {
        if (p.no === 1) pre.uid = str(p); // *string in Go: present even when empty
        else if (p.no === 2) pre.resourceVersion = str(p);
      }
      out.preconditions = pre;
    } else if (f.no === 3) out.orphanDependents = bool(f);
    else if (f.no === 4) out.propagationPolicy = str(f);
    else if (f.no === 5) dryRun.push(str(f));
    else if (f.no === 6) out.ignoreStoreReadErrorWithClusterBreakingPotential = bool(f);
  }
  setIf(out, 'dryRun', dryRun);
  return out;
}

const decoders: Record<string, (raw: Buffer) => Record<string, unknown>> = {
  'v1/Secret': secret,
  'v1/ConfigMap': configMap,
  // client-go labels DeleteOptions with the group version of the resource.
  'v1/DeleteOptions': deleteOptions,
  'meta.k8s.io/v1/DeleteOptions': deleteOptions,
};

/** Decodes a `k8s\0`-prefixed runtime.Unknown body into API JSON; 400 if malformed, 415 if the kind is not supported. */
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
  const decode = decoders[`${apiVersion}/${kind}`];
  if (!decode) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `kubesim cannot decode protobuf bodies of kind ${kind} (${apiVersion}); send application/json`,
    );
  }
  return { kind, apiVersion, ...decode(raw) };
}
