// The runbook fields whose value is a map: a consumer-lag source
// ({ prometheus: URL }), a string map (env, set) and expected JSON fields
// (an http step's json:). Each bad entry is recorded, not just the first.
import { isMap, isScalar, type Node } from 'yaml';
import { joinPath } from '../config/config-error.js';
import { describe, suggest, type MapEntry } from '../config/yaml-schema.js';
import { createLagSource, LAG_SOURCE_KINDS } from '../lag/parse-source.js';
import type { FieldSpec } from './field-spec.js';
import type { Issues } from './issues.js';
import { scalarText } from './scalar-text.js';

const JSON_PATH = /^[^.\s[\]]+(\.[^.\s[\]]+)*$/;

/** The map-valued types: one lag source, a string map (env, set), expected JSON fields. Records each bad entry. */
export function readMapped(issues: Issues, f: FieldSpec, e: MapEntry): unknown {
  const src = issues.src;
  if (!isMap(e.value)) throw src.error(e.at, e.path, `expected a map, got ${describe(e.value)}${f.type === 'lag-source' ? ' (write { prometheus: http://HOST:9090 })' : ''}`);
  if (f.type === 'lag-source' && e.value.items.length !== 1) {
    throw src.error(e.at, e.path, 'expected exactly one source, e.g. { prometheus: http://HOST:9090 }; use sources: [SOURCE=URL, ...] for several');
  }
  const out: Record<string, unknown> = {};
  const before = issues.list.length;
  for (const pair of e.value.items) {
    const keyNode = pair.key as Node | null;
    const key = scalarText(keyNode);
    if (key === undefined || key === '') throw src.error(keyNode ?? e.at, e.path, `keys must be plain names, got ${describe(keyNode)}`);
    const path = joinPath(e.path, key);
    const raw = pair.value as Node | null;
    const value = src.resolve(raw, path);
    const at = raw ?? keyNode ?? e.at;
    if (f.type === 'lag-source') {
      const url = scalarText(value);
      if (url === undefined) throw src.error(at, path, `expected a URL, got ${describe(value)}`);
      try {
        createLagSource(key, url); // builds a source object only; no I/O
      } catch (err) {
        const hint = suggest(key, LAG_SOURCE_KINDS);
        throw src.error(keyNode, path, `${(err as Error).message}${hint && hint !== key ? ` (did you mean "${hint}"?)` : ''}`);
      }
      return `${key}=${url}`;
    }
    if (f.type === 'json-fields') {
      if (!JSON_PATH.test(key)) issues.add(keyNode, path, `"${key}" is not a field path: write field, field.sub or items.0.name`);
      if (!isScalar(value)) issues.add(at, path, `expected a string, number, true/false or null, got ${describe(value)}`);
      else out[key] = value.value ?? null;
      continue;
    }
    // string-map: --set and env entries become KEY=VALUE, so a key holding "=" would split wrongly.
    if (key.includes('=') || /\s/.test(key)) issues.add(keyNode, path, `"${key}" must not contain "=" or spaces`);
    const t = scalarText(value);
    if (t === undefined) issues.add(at, path, `expected a string, got ${describe(value)}`);
    else out[key] = t;
  }
  return issues.list.length > before ? undefined : out;
}
