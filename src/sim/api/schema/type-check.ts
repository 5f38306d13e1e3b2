// The API server's decoding of a JSON body into its Go struct, reproduced
// for the kinds kubesim serves: a value of the wrong JSON type is a 400 with
// encoding/json's own wording ("json: cannot unmarshal string into Go struct
// field DeploymentSpec.spec.replicas of type int32"), and fields the struct
// does not have are unknown: rejected under fieldValidation=Strict (kubectl's
// default), reported as warnings under Warn (the server's default) and
// dropped from the object in every mode, as a Go struct cannot hold them.
import { ApiError } from '../errors.js';
import { isInline, jsonFields, structOf, type FieldDef, type StructDef, type TypeRef } from './types.js';

type Json = Record<string, unknown>;

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

class TypeError_ extends Error {}

const jsonKind = (v: unknown): string =>
  Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'object';

const INT_RANGE: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX = /^(|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)$/;
const BASE64 = /^[A-Za-z0-9+/]*$/;

/** Where a failing value sits: Go names the struct holding the field and the path of JSON names. */
interface Where {
  struct: string;
  path: string;
}

function unmarshalError(value: unknown, where: Where, goType: string): TypeError_ {
  const what = typeof value === 'number' && !Number.isNaN(value) ? `number ${value}` : jsonKind(value);
  const into = where.struct ? `Go struct field ${where.struct}.${where.path}` : 'Go value';
  return new TypeError_(`json: cannot unmarshal ${what} into ${into} of type ${goType}`);
}
const kindError = (value: unknown, where: Where, goType: string) =>
  new TypeError_(`json: cannot unmarshal ${jsonKind(value)} into ${where.struct ? `Go struct field ${where.struct}.${where.path}` : 'Go value'} of type ${goType}`);

// Go's base64.StdEncoding: the offset of the first byte it cannot decode.
function base64Error(s: string): string | undefined {
  const body = s.replace(/={1,2}$/, '');
  if (!BASE64.test(body)) return `illegal base64 data at input byte ${[...body].findIndex((ch) => !/[A-Za-z0-9+/]/.test(ch))}`;
  if (s.length % 4 !== 0) return `illegal base64 data at input byte ${s.length - (s.length % 4)}`;
  return undefined;
}

const elementType = (goType: string) => (goType.startsWith('[]') ? goType.slice(2) : goType.slice(goType.indexOf(']') + 1));

interface Walk {
  unknown: string[];
}

function checkValue(value: unknown, type: TypeRef, goType: string, where: Where, at: string, w: Walk): unknown {
  if (value === null) return value; // null leaves Go's zero value
  if (Array.isArray(type)) {
    if (type[0] === '[]') {
      if (!Array.isArray(value)) throw kindError(value, where, goType);
      return value.map((v, i) => checkValue(v, type[1], elementType(goType), where, `${at}[${i}]`, w));
    }
    if (jsonKind(value) !== 'object') throw kindError(value, where, goType);
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) out[k] = checkValue(v, type[1], elementType(goType), where, `${at}.${k}`, w);
    return out;
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw kindError(value, where, goType);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw kindError(value, where, goType);
      return value;
    case 'float64':
      if (typeof value !== 'number') throw kindError(value, where, goType);
      return value;
    case 'int32':
    case 'int64': {
      if (typeof value !== 'number') throw kindError(value, where, goType);
      const [lo, hi] = INT_RANGE[type]!;
      if (!Number.isInteger(value) || value < lo || value > hi) throw unmarshalError(value, where, goType);
      return value;
    }
    case 'bytes': {
      if (typeof value !== 'string') throw kindError(value, where, goType);
      const bad = base64Error(value);
      if (bad) throw new TypeError_(bad);
      return value;
    }
    case 'IntOrString':
      if (typeof value === 'string') return value;
      if (typeof value !== 'number') throw kindError(value, { struct: '', path: '' }, 'int32');
      if (!Number.isInteger(value) || value < INT_RANGE.int32![0] || value > INT_RANGE.int32![1]) throw unmarshalError(value, { struct: '', path: '' }, 'int32');
      return value;
    case 'Quantity': {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new TypeError_("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
      }
      const m = QUANTITY.exec(String(value).trim());
      if (!m || !QUANTITY_SUFFIX.test(m[2]!) || Number.isNaN(Number(m[1]))) {
        throw new TypeError_("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
      }
      return value;
    }
    case 'Time':
    case 'MicroTime':
    case 'Duration':
      if (typeof value !== 'string') throw kindError(value, { struct: '', path: '' }, 'string');
      return value;
    case 'RawExtension':
    case 'FieldsV1':
      return value;
    default:
      if (jsonKind(value) !== 'object') throw kindError(value, where, goType);
      return checkStruct(value as Json, structOf(type), where.path, at, w);
  }
}

function checkStruct(obj: Json, s: StructDef, goPath: string, at: string, w: Walk): Json {
  const known = jsonFields(s);
  const out: Json = {};
  for (const [key, value] of Object.entries(obj)) {
    const f: FieldDef | undefined = known.get(key);
    if (!f || isInline(f)) {
      w.unknown.push(at ? `${at}.${key}` : key);
      continue;
    }
    const path = goPath ? `${goPath}.${key}` : key;
    out[key] = checkValue(value, f[2], f[4], { struct: s.go, path }, at ? `${at}.${key}` : key, w);
  }
  return out;
}

/**
 * Decodes `obj` as the struct `structKey` names, as the API server does: returns
 * the object without unknown fields and the warnings to send; throws a 400
 * for a type mismatch, or for unknown fields under Strict.
 */
export function decodeAs(structKey: string, obj: Json, validation: FieldValidation): { object: Json; warnings: string[] } {
  const s = structOf(structKey);
  const version = String(obj.apiVersion ?? '').split('/').pop();
  const fail = (why: string) => new ApiError(400, 'BadRequest', `${s.go} in version "${version}" cannot be handled as a ${s.go}: ${why}`);
  const w: Walk = { unknown: [] };
  let object: Json;
  try {
    object = checkStruct(obj, s, '', '', w);
  } catch (err) {
    if (err instanceof TypeError_) throw fail(err.message);
    throw err;
  }
  const unknown = w.unknown.map((p) => `unknown field "${p}"`);
  if (unknown.length && validation === 'Strict') throw fail(`strict decoding error: ${unknown.join(', ')}`);
  return { object, warnings: validation === 'Warn' ? unknown : [] };
}
