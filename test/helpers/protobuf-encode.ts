// Test-only encoder for Kubernetes protobuf bodies, the mirror image of
// src/sim/api/protobuf.ts: builds what client-go would send so tests can feed
// the decoder objects with every ObjectMeta field set.

type Json = Record<string, any>;

/** Accumulates protobuf wire bytes. */
export class ProtoWriter {
  private chunks: Buffer[] = [];

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value)); // negative ints are 10-byte two's complement
    const out: number[] = [];
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.chunks.push(Buffer.from(out));
    return this;
  }

  tag(no: number, wire: number): this {
    return this.varint((no << 3) | wire);
  }

  int(no: number, value: number | bigint | boolean | undefined): this {
    if (value === undefined) return this;
    return this.tag(no, 0).varint(typeof value === 'boolean' ? Number(value) : value);
  }

  bytes(no: number, value: Buffer | string | undefined): this {
    if (value === undefined) return this;
    const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.tag(no, 2).varint(b.length);
    this.chunks.push(b);
    return this;
  }

  message(no: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(no, inner.finish());
  }

  map(no: number, entries: Record<string, string | Buffer> | undefined): this {
    for (const [k, v] of Object.entries(entries ?? {})) this.message(no, (e) => e.bytes(1, k).bytes(2, v));
    return this;
  }

  /** Appends raw bytes, e.g. a fixed64 field the decoder must skip. */
  raw(b: Buffer): this {
    this.chunks.push(b);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function time(w: ProtoWriter, no: number, iso: string | undefined, nanos = 0): void {
  if (iso === undefined) return;
  w.message(no, (t) => t.int(1, Math.floor(Date.parse(iso) / 1000)).int(2, nanos || undefined));
}

/** Encodes meta/v1 ObjectMeta. */
export function encodeObjectMeta(w: ProtoWriter, m: Json): void {
  w.bytes(1, m.name).bytes(2, m.generateName).bytes(3, m.namespace).bytes(4, m.selfLink);
  w.bytes(5, m.uid).bytes(6, m.resourceVersion).int(7, m.generation);
  time(w, 8, m.creationTimestamp);
  time(w, 9, m.deletionTimestamp);
  w.int(10, m.deletionGracePeriodSeconds).map(11, m.labels).map(12, m.annotations);
  for (const o of m.ownerReferences ?? []) {
    w.message(13, (r) =>
      r.bytes(1, o.kind).bytes(3, o.name).bytes(4, o.uid).bytes(5, o.apiVersion).int(6, o.controller).int(7, o.blockOwnerDeletion),
    );
  }
  for (const f of m.finalizers ?? []) w.bytes(14, f);
  for (const e of m.managedFields ?? []) {
    w.message(17, (r) => {
      r.bytes(1, e.manager).bytes(2, e.operation).bytes(3, e.apiVersion);
      time(r, 4, e.time);
      r.bytes(6, e.fieldsType);
      if (e.fieldsV1 !== undefined) r.message(7, (f) => f.bytes(1, JSON.stringify(e.fieldsV1)));
      r.bytes(8, e.subresource);
    });
  }
}

const b64 = (m: Record<string, string> | undefined) =>
  m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Buffer.from(v, 'base64')]));

/** Encodes the inner bytes (runtime.Unknown.raw) of a Secret, ConfigMap or DeleteOptions. */
export function encodeRaw(obj: Json): Buffer {
  const w = new ProtoWriter();
  switch (obj.kind) {
    case 'Secret':
      w.message(1, (m) => encodeObjectMeta(m, obj.metadata ?? {}));
      w.map(2, b64(obj.data)).bytes(3, obj.type).map(4, obj.stringData).int(5, obj.immutable);
      break;
    case 'ConfigMap':
      w.message(1, (m) => encodeObjectMeta(m, obj.metadata ?? {}));
      w.map(2, obj.data).map(3, b64(obj.binaryData)).int(4, obj.immutable);
      break;
    case 'DeleteOptions':
      w.int(1, obj.gracePeriodSeconds);
      if (obj.preconditions) w.message(2, (p) => p.bytes(1, obj.preconditions.uid).bytes(2, obj.preconditions.resourceVersion));
      w.int(3, obj.orphanDependents).bytes(4, obj.propagationPolicy);
      for (const d of obj.dryRun ?? []) w.bytes(5, d);
      break;
    default:
      throw new Error(`test encoder does not know kind ${obj.kind}`);
  }
  return w.finish();
}

/** Wraps raw bytes as client-go does: "k8s\0" + runtime.Unknown{typeMeta, raw, "", ""}. */
export function wrapUnknown(apiVersion: string, kind: string, raw: Buffer, contentEncoding = ''): Buffer {
  const w = new ProtoWriter();
  w.message(1, (t) => t.bytes(1, apiVersion).bytes(2, kind));
  w.bytes(2, raw).bytes(3, contentEncoding).bytes(4, '');
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), w.finish()]);
}

/** Encodes a JSON object (with apiVersion and kind) as a full protobuf request body. */
export function encodeProtobufBody(obj: Json): Buffer {
  return wrapUnknown(obj.apiVersion ?? 'v1', obj.kind, encodeRaw(obj));
}
