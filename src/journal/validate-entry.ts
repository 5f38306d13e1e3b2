// Checks that a journal line read back has the shape its type promises, so a
// hand-edited or damaged journal is named line by line ("JOURNAL:LINE: …")
// instead of crashing the report or printing "undefined" into a change record.
import { ENTRY_TYPES, type JournalEntry } from './journal-entry.js';

type Rec = Record<string, unknown>;
type Rule = (v: unknown) => boolean;

const str: Rule = (v) => typeof v === 'string';
const num: Rule = (v) => typeof v === 'number' && Number.isFinite(v);
const int: Rule = (v) => Number.isInteger(v);
const bool: Rule = (v) => typeof v === 'boolean';
const strings: Rule = (v) => Array.isArray(v) && v.every(str);
const array: Rule = (v) => Array.isArray(v);
const object: Rule = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = (...xs: string[]): Rule => (v) => typeof v === 'string' && xs.includes(v);
const optional = (r: Rule): Rule => (v) => v === undefined || r(v);
const orNull = (r: Rule): Rule => (v) => v === null || r(v);

const WHAT = new Map<Rule, string>([
  [str, 'a string'], [num, 'a number'], [int, 'an integer'], [bool, 'true or false'], [strings, 'a list of strings'], [array, 'a list'], [object, 'an object'],
]);

// Field rules per entry type; nested objects are dotted paths.
const FIELDS: Record<JournalEntry['type'], Record<string, Rule>> = {
  'window-start': { release: str, namespace: str, context: str, operator: str, host: str },
  'step-result': { result: object, 'result.id': str, 'result.kind': str, 'result.status': str, 'result.summary': str, 'result.evidence': strings, 'result.startedAt': num, 'result.endedAt': num },
  override: { stepId: str, reason: str },
  'command-started': { title: str, command: str, argv: strings, pid: optional(int) },
  command: { title: str, command: str, argv: strings, exitCode: orNull(int), pid: optional(int), signal: optional(str), interrupted: optional(bool), durationMs: num, outputTail: strings },
  diff: { summary: object, 'summary.imageChanges': array, 'summary.objects': array, 'summary.valuesChanged': bool },
  outcome: { action: oneOf('upgrade', 'rollback', 'verify'), status: oneOf('succeeded', 'failed', 'interrupted'), message: str, revision: optional(int), toRevision: optional(int) },
  note: { text: str },
  'window-end': { reason: str },
};

/** The entry when it is well-formed, else why not (naming the field). */
export function validateEntry(v: unknown): { entry: JournalEntry } | { problem: string } {
  if (!object(v)) return { problem: 'not a JSON object' };
  const e = v as Rec;
  if (!str(e.type)) return { problem: 'has no "type"' };
  if (!ENTRY_TYPES.has(e.type as string)) return { problem: `unknown entry type "${String(e.type)}"` };
  if (!int(e.seq) || (e.seq as number) < 1) return { problem: `${e.type}: "seq" must be a positive integer` };
  if (!str(e.at) || Number.isNaN(Date.parse(e.at as string))) return { problem: `${e.type}: "at" must be an ISO time` };
  for (const [path, rule] of Object.entries(FIELDS[e.type as JournalEntry['type']])) {
    const value = path.split('.').reduce<unknown>((o, k) => (object(o) ? (o as Rec)[k] : undefined), e);
    if (!rule(value)) return { problem: `${e.type} seq ${e.seq as number}: "${path}" ${value === undefined ? 'is missing' : `must be ${WHAT.get(rule) ?? 'something else'}, not ${JSON.stringify(value)?.slice(0, 40)}`}` };
  }
  return { entry: e as JournalEntry };
}
