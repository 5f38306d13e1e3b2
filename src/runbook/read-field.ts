// One reader per FieldType: turns a YAML value into the plain value a Step
// holds, or records why it cannot (through Issues, so reading goes on).
// Everything that would only fail later — a regex that does not compile, a
// duration without a unit, a shell string where argv belongs — fails here,
// before anything runs.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { joinPath } from '../config/config-error.js';
import { parseDuration } from '../grammar/duration.js';
import { describe, readBool, readInt, suggest, type MapEntry } from '../config/yaml-schema.js';
import { labelMatcher } from '../kube/label-selector.js';
import { parseLagSource } from '../lag/parse-source.js';
import { SAVE_PLACEHOLDERS, type FieldSpec } from './field-spec.js';
import type { Issues } from './issues.js';
import { argvHint } from './argv-hint.js';
import { readMapped } from './read-mapped.js';
import { scalarText } from './scalar-text.js';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Reads one field's value; undefined (with the problem recorded) when it is not valid. */
export function readField(issues: Issues, f: FieldSpec, e: MapEntry): unknown {
  return issues.attempt(() => read(issues, f, e));
}

function read(issues: Issues, f: FieldSpec, e: MapEntry): unknown {
  const src = issues.src;
  const fail = (reason: string, node: Node = e.at, path = e.path): never => {
    throw src.error(node, path, reason);
  };
  const text = (node: Node | null = e.value, at: Node = e.at, path = e.path): string => {
    const t = scalarText(node);
    if (t === undefined) fail(`expected a string, got ${describe(node)}`, at, path);
    if (t!.trim() === '') fail('must not be empty', at, path);
    return t!;
  };
  switch (f.type) {
    case 'text':
      return text();
    case 'bool':
      return readBool(src, e);
    case 'int': {
      const n = readInt(src, e, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const min = f.min ?? 0;
      if (n < min || (f.max !== undefined && n > f.max)) fail(`${n} is out of range (${f.max === undefined ? `${min} or more` : `${min}..${f.max}`})`);
      return n;
    }
    case 'name': {
      const t = text();
      if (t.length > (f.max ?? 253) || !NAME.test(t)) fail(`"${t}" is not a valid name (lowercase letters, digits, - and ., at most ${f.max ?? 253} characters)`);
      return t;
    }
    case 'id': {
      const t = text();
      if (!ID.test(t)) fail(`"${t}" is not a valid id (letters, digits, ".", "_" and "-", starting with a letter or digit)`);
      return t;
    }
    case 'url': {
      const t = text();
      let u: URL | undefined;
      try {
        u = new URL(t);
      } catch {
        fail(`"${t}" is not a URL (expected http://HOST/... or https://HOST/...)`);
      }
      if (u!.protocol !== 'http:' && u!.protocol !== 'https:') fail(`"${t}" must be an http:// or https:// URL`);
      // Credentials in a URL would end up on screen and in the journal.
      if (u!.username || u!.password) fail(`"${u!.host}" must not carry a user or password in the URL`);
      return t;
    }
    case 'duration': {
      if (!(isScalar(e.value) && typeof e.value.value === 'string')) {
        const bare = isScalar(e.value) && typeof e.value.value === 'number' ? ' (a bare number has no unit)' : '';
        fail(`expected a duration such as 30s, 5m or 1h30m${bare}, got ${describe(e.value)}`);
      }
      const ms = parseDuration(String((e.value as { value: string }).value));
      if (ms === undefined || ms <= 0) fail(`"${(e.value as { value: string }).value}" is not a duration; write it like 30s, 5m or 1h30m`);
      return ms;
    }
    case 'regex': {
      const t = text();
      try {
        new RegExp(t);
      } catch (err) {
        const hint = /^\(\?[a-z]+\)/.test(t) ? '; JavaScript has no (?i) prefix: write (?i:...) around the part' : '';
        fail(`not a valid regular expression: ${(err as Error).message}${hint}`);
      }
      return t;
    }
    case 'selector': {
      const t = text();
      try {
        labelMatcher(t);
      } catch (err) {
        fail(`not a valid label selector: ${(err as Error).message}`);
      }
      return t;
    }
    case 'enum': {
      const t = scalarText(e.value);
      const values = f.values ?? [];
      if (t !== undefined && values.includes(t)) return t;
      const hint = t === undefined ? undefined : suggest(t, values);
      return fail(`expected one of ${values.join(', ')}, got ${describe(e.value)}${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    case 'argv': {
      if (isScalar(e.value) && typeof e.value.value === 'string') fail(argvHint(e.key, e.value.value));
      if (!isSeq(e.value)) fail(`expected a list of arguments, got ${describe(e.value)}`);
      const items = (e.value as { items: unknown[] }).items.map((raw, i) => {
        const node = src.resolve(raw as Node | null, joinPath(e.path, i));
        const t = scalarText(node);
        if (t === undefined) fail(`expected a string, got ${describe(node)}`, (raw as Node | null) ?? e.at, joinPath(e.path, i));
        return t!;
      });
      if (items.length < (f.min ?? 1)) fail('must not be empty: give the program and its arguments, e.g. [pg_dump, -U, app]');
      if (items.length > 0 && items[0]!.trim() === '') fail('the program name (first item) must not be empty');
      return items;
    }
    case 'strings': {
      if (isMap(e.value)) fail(`expected a string or a list of strings, got ${describe(e.value)}`);
      if (!isSeq(e.value)) return [text()];
      return e.value.items.map((raw, i) => text(src.resolve(raw as Node | null, joinPath(e.path, i)), (raw as Node | null) ?? e.at, joinPath(e.path, i)));
    }
    case 'lag-sources': {
      if (!isSeq(e.value)) fail(`expected a list of SOURCE=URL, got ${describe(e.value)}`);
      return (e.value as { items: unknown[] }).items.map((raw, i) => {
        const path = joinPath(e.path, i);
        const spec = text(src.resolve(raw as Node | null, path), (raw as Node | null) ?? e.at, path);
        try {
          parseLagSource(spec); // builds a source object only; no I/O
        } catch (err) {
          fail((err as Error).message, (raw as Node | null) ?? e.at, path);
        }
        return spec;
      });
    }
    case 'lag-source':
    case 'string-map':
    case 'json-fields':
      return readMapped(issues, f, e);
    case 'save-path': {
      const t = text();
      for (const m of t.matchAll(/\{([^}]*)\}/g)) {
        if (!(SAVE_PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
          fail(`unknown placeholder {${m[1]}}; use ${SAVE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
        }
      }
      return t;
    }
    case 'steps':
    case 'section':
    case 'releases':
      throw new Error(`read-field: ${f.key} (${f.type}) is read by its own reader`);
  }
}
