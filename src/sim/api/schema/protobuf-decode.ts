// Decodes a protobuf message of any struct in kube-types.ts into the JSON the
// API serves, following Go's encoding of the decoded struct: a pointer field
// that arrived is kept even when zero (`replicas: 0`, `emptyDir: {}`); a
// value field that is zero and `omitempty` is left out, as are the empty
// strings and messages gogo-protobuf writes for every unset value field.
import { bytesOf, double, fields, int, malformed, packed, str, type Field } from '../protobuf-wire.js';
import { isInline, isOmitEmpty, isPointer, structOf, type StructDef, type TypeRef } from './types.js';

type Json = Record<string, unknown>;

// meta/v1 Time {1: seconds, 2: nanos}: an empty message is the zero time; JSON carries whole seconds.
function time(buf: Buffer, micro: boolean): string | undefined {
  if (buf.length === 0) return undefined;
  let seconds = 0;
  let nanos = 0;
  for (const t of fields(buf)) {
    if (t.no === 1) seconds = int(t);
    else if (t.no === 2) nanos = int(t);
  }
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) throw malformed('timestamp out of range');
  const base = d.toISOString().slice(0, 19);
  return micro ? `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${base}Z`;
}

// Go's time.Duration.String for the durations an API object carries (whole units down to ms).
function duration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let rest = Math.abs(ns);
  if (rest < 1e9) return `${sign}${rest / 1e6}ms`;
  const h = Math.floor(rest / 3.6e12);
  rest -= h * 3.6e12;
  const m = Math.floor(rest / 6e10);
  rest -= m * 6e10;
  const s = rest / 1e9;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

function rawJson(buf: Buffer, what: string): unknown {
  for (const f of fields(buf)) {
    if (f.no !== 1) continue;
    const text = str(f);
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw malformed(`${what} is not valid JSON`);
    }
  }
  return undefined;
}

function leaf(f: Field, type: TypeRef): unknown {
  switch (type) {
    case 'string':
      return str(f);
    case 'bool':
      return int(f) !== 0;
    case 'int32':
    case 'int64':
      return int(f);
    case 'float64':
      return double(f);
    case 'bytes':
      return bytesOf(f).toString('base64');
    case 'Time':
    case 'MicroTime':
      return time(bytesOf(f), type === 'MicroTime');
    case 'Duration': {
      let ns = 0;
      for (const d of fields(bytesOf(f))) if (d.no === 1) ns = int(d);
      return duration(ns);
    }
    case 'IntOrString': {
      // intstr.IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal}
      let kind = 0;
      let intVal = 0;
      let strVal = '';
      for (const v of fields(bytesOf(f))) {
        if (v.no === 1) kind = int(v);
        else if (v.no === 2) intVal = int(v);
        else if (v.no === 3) strVal = str(v);
      }
      return kind === 1 ? strVal : intVal;
    }
    case 'Quantity': {
      let text = '';
      for (const q of fields(bytesOf(f))) if (q.no === 1) text = str(q);
      return text || '0';
    }
    case 'RawExtension':
      return rawJson(bytesOf(f), 'a raw extension');
    case 'FieldsV1':
      return rawJson(bytesOf(f), 'managedFields fieldsV1') ?? {};
    default:
      if (typeof type === 'string') return decodeStruct(bytesOf(f), structOf(type));
      throw new Error(`kubesim: nested collection ${JSON.stringify(type)} in a protobuf schema`);
  }
}

const zeroOf = (type: TypeRef): unknown => (type === 'bool' ? false : type === 'int32' || type === 'int64' || type === 'float64' ? 0 : type === 'Quantity' ? '0' : typeof type === 'string' && type.startsWith('#') ? {} : '');

// map<K,V> entries are messages {1: key, 2: value}; a missing value is the zero value.
function mapEntry(f: Field, type: TypeRef): [string, unknown] {
  let key = '';
  let value: unknown = zeroOf(type);
  for (const e of fields(bytesOf(f))) {
    if (e.no === 1) key = str(e);
    else if (e.no === 2) value = leaf(e, type);
  }
  return [key, value];
}

const isZero = (v: unknown) =>
  v === undefined || v === '' || v === 0 || v === false || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Decodes one message of struct `s` into its JSON object. */
export function decodeStruct(buf: Buffer, s: StructDef): Json {
  const byNumber = new Map(s.fields.filter((f) => f[1] > 0).map((f) => [f[1], f]));
  const values = new Map<string, unknown>();
  const out: Json = {};
  for (const f of fields(buf)) {
    const def = byNumber.get(f.no);
    if (!def) continue; // a field from a newer API: skipped, as client-go's decoder does
    const [name, , type] = def;
    if (isInline(def)) {
      Object.assign(out, decodeStruct(bytesOf(f), structOf(type as string)));
    } else if (Array.isArray(type) && type[0] === '[]') {
      const list = (values.get(name) as unknown[] | undefined) ?? [];
      if (f.wire === 2 && (type[1] === 'int32' || type[1] === 'int64')) list.push(...packed(f));
      else list.push(leaf(f, type[1]));
      values.set(name, list);
    } else if (Array.isArray(type)) {
      const map = (values.get(name) as Json | undefined) ?? {};
      const [k, v] = mapEntry(f, type[1]);
      map[k] = v;
      values.set(name, map);
    } else {
      values.set(name, leaf(f, type));
    }
  }
  for (const def of s.fields) {
    const [name, , type] = def;
    if (!values.has(name) || isInline(def)) continue;
    const v = values.get(name);
    if (v === undefined) continue;
    const struct = typeof type === 'string' && type.startsWith('#');
    // A pointer that arrived is set, even to zero; a value field that is empty is Go's zero value.
    if (!isPointer(def) && isZero(v) && (isOmitEmpty(def) || struct || Array.isArray(type))) continue;
    out[name] = v;
  }
  return out;
}
