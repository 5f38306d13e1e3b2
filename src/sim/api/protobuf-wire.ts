// The protobuf wire format, read field by field: enough for the messages
// client-go sends (varints, length-delimited bytes, fixed64 doubles).
import { ApiError } from './errors.js';

/** A 400 for a body that is not well-formed protobuf. */
export const malformed = (why: string) =>
  new ApiError(400, 'BadRequest', `unable to decode protobuf request body: ${why}`);

export interface Field {
  no: number;
  wire: number;
  int: bigint; // wire type 0
  bytes: Buffer; // wire types 2 (the payload), 1 and 5 (the fixed-width value)
}

/** Iterates the fields of one message; groups (types 3/4) are long dead in proto and refused. */
export function* fields(buf: Buffer): Generator<Field> {
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
    } else if (wire === 2 || wire === 1 || wire === 5) {
      const len = wire === 2 ? Number(varint()) : wire === 1 ? 8 : 4;
      if (pos + len > buf.length) throw malformed(`field ${no} overruns the message`);
      yield { no, wire, int: 0n, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else {
      throw malformed(`unsupported wire type ${wire} for field ${no}`);
    }
  }
}

/** The payload of a length-delimited field. */
export function bytesOf(f: Field): Buffer {
  if (f.wire !== 2) throw malformed(`field ${f.no} should be length-delimited`);
  return f.bytes;
}

export const str = (f: Field) => bytesOf(f).toString('utf8');

/** A varint as a signed 64-bit number (int32 and int64 are both sign-extended to 64 bits). */
export function int(f: Field): number {
  if (f.wire !== 0) throw malformed(`field ${f.no} should be a varint`);
  return Number(BigInt.asIntN(64, f.int));
}

/** Packed repeated varints (proto3 style), which decoders must accept as well as one field per value. */
export function* packed(f: Field): Generator<number> {
  const buf = bytesOf(f);
  let pos = 0;
  while (pos < buf.length) {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length || shift >= 70n) throw malformed(`malformed packed field ${f.no}`);
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    yield Number(BigInt.asIntN(64, result));
  }
}

/** A fixed64 double. */
export function double(f: Field): number {
  if (f.wire !== 1) throw malformed(`field ${f.no} should be a fixed64 double`);
  return f.bytes.readDoubleLE(0);
}
