// RFC 6902 JSON patch (`application/json-patch+json`). Like kube (which uses
// evanphx/json-patch), a body that is not a JSON array of operations is a 400,
// and an operation that cannot be applied (missing path, failed test) is a 422.

import { ApiError, errors } from '../errors.js';
import { deepClone, deepEqual, describe, hasOwn, isObject, setOwn } from './json-value.js';

/** Builds the 422 kube answers when a patch operation cannot be applied. */
export function patchInvalid(detail: string): ApiError {
  return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${detail}`, {
    // kube wraps json-patch failures in NewGenericServerResponse, whose cause has no field.
    causes: [{ reason: 'UnexpectedServerResponse', message: detail }],
  });
}

/** Applies RFC 6902 operations in order to a copy of target; all or nothing. */
export function applyJsonPatch<T = unknown>(target: unknown, operations: unknown): T {
  if (!Array.isArray(operations)) {
    throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  const holder = { doc: deepClone(target) };
  operations.forEach((raw, i) => {
    if (!isObject(raw)) throw errors.badRequest(`json patch operation ${i} is not an object`);
    applyOne(holder, raw, i);
  });
  return holder.doc as T;
}

type Holder = { doc: unknown };

function applyOne(holder: Holder, raw: Record<string, unknown>, i: number): void {
  const op = raw['op'];
  if (typeof op !== 'string') throw patchInvalid(`operation ${i}: missing "op"`);
  const path = stringField(raw, 'path', op, i);
  const where = `${op} operation on "${path}"`;
  try {
    switch (op) {
      case 'add':
        return add(holder, parsePointer(path), valueField(raw, op, i), where);
      case 'remove':
        remove(holder, parsePointer(path), where);
        return;
      case 'replace': {
        const tokens = parsePointer(path);
        get(holder.doc, tokens, where); // replace requires an existing target
        if (tokens.length > 0) remove(holder, tokens, where);
        return add(holder, tokens, valueField(raw, op, i), where);
      }
      case 'move': {
        const from = stringField(raw, 'from', op, i);
        if (path !== from && path.startsWith(`${from}/`)) {
          throw patchInvalid(`${where}: cannot move "${from}" into one of its own children`);
        }
        const value = remove(holder, parsePointer(from), `move operation from "${from}"`);
        return add(holder, parsePointer(path), value, where);
      }
      case 'copy': {
        const from = stringField(raw, 'from', op, i);
        const value = get(holder.doc, parsePointer(from), `copy operation from "${from}"`);
        return add(holder, parsePointer(path), deepClone(value), where);
      }
      case 'test': {
        const expected = valueField(raw, op, i);
        const actual = get(holder.doc, parsePointer(path), where);
        if (!deepEqual(actual, expected)) {
          throw patchInvalid(`testing value ${path} failed: test failed (have ${describe(actual)}, want ${describe(expected)})`);
        }
        return;
      }
      default:
        throw patchInvalid(`operation ${i}: unexpected op "${op}"`);
    }
  } catch (e) {
    if (e instanceof PointerError) throw patchInvalid(`${where}: ${e.message}`);
    throw e;
  }
}

function stringField(raw: Record<string, unknown>, name: string, op: string, i: number): string {
  const v = raw[name];
  if (typeof v !== 'string') throw patchInvalid(`operation ${i} (${op}): missing "${name}"`);
  return v;
}

function valueField(raw: Record<string, unknown>, op: string, i: number): unknown {
  // "value": null is legal and meaningful; only an absent member is an error.
  if (!hasOwn(raw, 'value')) throw patchInvalid(`operation ${i} (${op}): missing "value"`);
  return deepClone(raw['value']);
}

/** Resolves a pointer to its value; a missing target fails the operation. */
function get(doc: unknown, tokens: string[], where: string): unknown {
  let cur = doc;
  for (const token of tokens) {
    if (Array.isArray(cur)) {
      const index = parseArrayIndex(token, cur.length, false);
      if (index === undefined) throw missing(where);
      cur = cur[index];
    } else if (isObject(cur) && hasOwn(cur, token)) {
      cur = cur[token];
    } else {
      throw missing(where);
    }
  }
  return cur;
}

function add(holder: Holder, tokens: string[], value: unknown, where: string): void {
  const last = tokens.at(-1);
  if (last === undefined) {
    holder.doc = value; // "" names the whole document
    return;
  }
  const parent = get(holder.doc, tokens.slice(0, -1), where);
  if (Array.isArray(parent)) {
    if (last === '-') {
      parent.push(value);
      return;
    }
    const index = parseArrayIndex(last, parent.length, true);
    if (index === undefined) throw patchInvalid(`${where}: index ${last} is out of bounds for an array of ${parent.length}`);
    parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    setOwn(parent, last, value);
  } else {
    throw missing(where);
  }
}

/** Removes the target and returns the removed value (move reuses it). */
function remove(holder: Holder, tokens: string[], where: string): unknown {
  const last = tokens.at(-1);
  if (last === undefined) throw patchInvalid(`${where}: cannot remove the whole document`);
  const parent = get(holder.doc, tokens.slice(0, -1), where);
  if (Array.isArray(parent)) {
    const index = parseArrayIndex(last, parent.length, false);
    if (index === undefined) throw missing(where);
    return parent.splice(index, 1)[0];
  }
  if (isObject(parent) && hasOwn(parent, last)) {
    const value = parent[last];
    delete parent[last];
    return value;
  }
  throw missing(where);
}

function missing(where: string): ApiError {
  return patchInvalid(`${where} does not apply: doc is missing path`);
}

// RFC 6901 JSON pointers ("/metadata/annotations/example.com~1team").

/** Splits a JSON pointer into unescaped reference tokens; "" is the whole document. */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PointerError(`JSON pointer must be empty or start with "/": "${pointer}"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      // "~" may only introduce "~0" or "~1"; anything else is malformed.
      if (/~[^01]|~$/.test(token)) throw new PointerError(`invalid escape in JSON pointer "${pointer}"`);
      // Order matters (RFC 6901 section 4): "~01" must become "~1", not "/".
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Parses an array index token; "-" is handled by callers because only "add" accepts it. */
function parseArrayIndex(token: string, length: number, allowEnd: boolean): number | undefined {
  // RFC 6901: an index is "0" or digits without a leading zero.
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  const max = allowEnd ? length : length - 1;
  return index <= max ? index : undefined;
}

// A syntactically invalid pointer; applyOne turns it into a 422 naming the operation.
class PointerError extends Error {}
