// The vocabulary of the runbook schema tables: what kinds of value a field
// holds and how each is described. The validator (read-field.ts) and the
// Markdown reference (reference.ts) read the same entries, so what the docs
// promise is what the loader accepts.
import { parseDuration } from '../grammar/duration.js';

/** The kinds of value a runbook field can hold; read-field.ts has one reader per kind. */
export type FieldType =
  | 'text'
  | 'name'
  | 'url'
  | 'bool'
  | 'int'
  | 'duration'
  | 'regex'
  | 'selector'
  | 'enum'
  | 'argv'
  | 'strings'
  | 'string-map'
  | 'lag-source'
  | 'lag-sources'
  | 'json-fields'
  | 'save-path'
  | 'id'
  | 'steps'
  | 'section'
  | 'releases';

/** One key of a runbook map: its type, whether it must be given, its default, and what it means. */
export interface FieldSpec {
  key: string;
  type: FieldType;
  /** One line for the reference. */
  doc: string;
  required?: boolean;
  /** The value when the key is absent, written as in YAML (durations as text, e.g. '5m'). */
  default?: string | number | boolean | readonly string[];
  /** How the default reads in the reference when it is not a plain value ("the shared namespace"). */
  defaultDoc?: string;
  /** For enum fields: the accepted words. */
  values?: readonly string[];
  /** For int fields: the accepted range. For name fields `max` is the length limit; for argv fields `min` the fewest items (default 1). */
  min?: number;
  max?: number;
}

/** The placeholders a `save:` path may use, filled in when the step runs. */
export const SAVE_PLACEHOLDERS = ['date', 'time', 'window', 'release', 'revision'] as const;

/** How each type reads in the reference's "type" column. */
export function typeLabel(f: FieldSpec): string {
  switch (f.type) {
    case 'text': return 'string';
    case 'name': return 'Kubernetes name';
    case 'url': return 'http(s) URL';
    case 'bool': return 'true | false';
    case 'int': return `integer ${f.min ?? 0}..${f.max ?? '∞'}`;
    case 'duration': return 'duration (30s, 5m, 1h30m)';
    case 'regex': return 'regular expression (JavaScript syntax)';
    case 'selector': return 'label selector (a=b,c!=d,e in (f,g))';
    case 'enum': return (f.values ?? []).join(' | ');
    case 'argv': return 'list of strings (argv, no shell)';
    case 'strings': return 'string or list of strings';
    case 'string-map': return 'map of string → string';
    case 'lag-source': return '{ prometheus | exporter | burrow: URL }';
    case 'lag-sources': return 'list of SOURCE=URL';
    case 'json-fields': return 'map of field.path → expected JSON value';
    case 'save-path': return `file path; may use ${SAVE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
    case 'id': return 'name (letters, digits, . _ -)';
    case 'steps': return 'list of steps';
    case 'section': return 'map (see below)';
    case 'releases': return 'list of releases (each with the release keys)';
  }
}

/** The default as the loader uses it: durations in milliseconds, lists copied, everything else as written. */
export function defaultValue(f: FieldSpec): unknown {
  if (f.default === undefined) return undefined;
  if (f.type === 'duration') return parseDuration(String(f.default));
  if (Array.isArray(f.default)) return [...f.default];
  return f.default;
}

/** The default as the reference shows it. */
export function defaultLabel(f: FieldSpec): string {
  if (f.defaultDoc) return f.defaultDoc;
  if (f.required) return '*required*';
  if (f.default === undefined) return '—';
  if (Array.isArray(f.default)) return f.default.length ? `\`[${f.default.join(', ')}]\`` : '`[]`';
  return `\`${String(f.default)}\``;
}
