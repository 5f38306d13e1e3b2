// Reads one step of a preflight or verify list against the step table:
// which form it is, which keys its kind takes, each field's value or default,
// and its id and title. Problems are recorded in Issues, never thrown, so one
// bad step does not hide the next one's.
import { isMap, type Node } from 'yaml';
import { joinPath } from '../config/config-error.js';
import { describe, readMap, suggest, type MapEntry } from '../config/yaml-schema.js';
import { defaultValue, typeLabel, type FieldSpec } from './field-spec.js';
import type { Issues } from './issues.js';
import { readField } from './read-field.js';
import { scalarText } from './scalar-text.js';
import type { Section, StepForm, StepSpec } from './step-spec.js';
import { CHECK_KINDS, COMMON_FIELDS, STEP_FORMS, STEP_TABLE, stepSpec } from './step-table.js';
import type { Step } from './types.js';

/** Where a step sits: its section, its index there, and the id prefix (`RELEASE.` in multi-release runbooks). */
export interface StepPlace {
  section: Section;
  index: number;
  idPrefix: string;
}

/** A step read from the file, with the node its id is written at (or the step itself), for the duplicate-id check. */
export interface ReadStep {
  step: Step;
  idAt: Node;
  idPath: string;
}

/** Every key that is some step kind's field: an unknown key that is one of these gets the "did you mean" too. */
const ALL_FIELD_KEYS = [...new Set(STEP_TABLE.flatMap((r) => r.fields.map((f) => f.key)))];

/** Reads a step; undefined when it has problems (already recorded). */
export function readStep(issues: Issues, node: Node | null, at: Node, path: string, place: StepPlace): ReadStep | undefined {
  if (!isMap(node)) {
    issues.add(at, path, `expected a step (a map such as "- check: pods-healthy" or "- manual: TEXT"), got ${describe(node)}`);
    return undefined;
  }
  const all = issues.attempt(() => readMap(issues.src, node, path, null));
  if (!all) return undefined;
  const forms = all.filter((e) => (STEP_FORMS as readonly string[]).includes(e.key));
  if (forms.length === 0) {
    const near = all.map((e) => ({ e, hint: suggest(e.key, STEP_FORMS) })).find((x) => x.hint);
    const start = `a step starts with one of ${STEP_FORMS.join(', ')} (e.g. "- check: pods-healthy")`;
    if (near) issues.add(near.e.keyNode, near.e.path, `unknown key (did you mean "${near.hint}"?); ${start}`);
    else issues.add(node, path, start);
    return undefined;
  }
  for (const extra of forms.slice(1)) issues.add(extra.keyNode, extra.path, `a step has one kind and "${forms[0]!.key}" is already given: start a new "- ${extra.key}: ..." item`);
  const head = forms[0]!;
  const spec = specFor(issues, head, place.section);
  if (!spec) return undefined;

  const nestedKeys = spec.nested ? spec.fields.map((f) => f.key) : [];
  const commonKeys = COMMON_FIELDS.map((f) => f.key);
  // Other form keys pass here: the message above already covers them.
  const allowed = [...STEP_FORMS, ...(spec.nested ? [] : spec.fields.map((f) => f.key)), ...COMMON_FIELDS.map((f) => f.key)];
  const entries = issues.known(all, allowed, {
    near: ALL_FIELD_KEYS,
    explain: (key) => {
      if (nestedKeys.includes(key)) return `goes inside the ${head.key} map: ${head.key}: { ${key}: ... }`;
      if (!ALL_FIELD_KEYS.includes(key)) return undefined;
      const own = spec.fields.filter((f) => f.key !== head.key).map((f) => f.key);
      const common = commonKeys.join(', ');
      return `${what(spec)} takes no ${key}; ${own.length ? `its keys are ${own.join(', ')} (and ${common})` : `it takes only ${common}`}`;
    },
  });
  const fieldEntries = spec.nested
    ? issues.entries(head.value, head.path, nestedKeys, { explain: (key) => (commonKeys.includes(key) ? `${key} goes beside ${head.key}:, not inside its map` : undefined) })
    : entries;
  if (!fieldEntries) return undefined;
  const values = readFields(issues, spec.fields, fieldEntries, spec.nested ? head.value ?? head.at : node, spec.nested ? head.path : path, what(spec));
  const common = readFields(issues, COMMON_FIELDS, entries, node, path, what(spec));
  if (!values || !common) return undefined;

  const reason = spec.rule?.(values);
  if (reason) {
    issues.add(spec.nested ? head.value : node, spec.nested ? head.path : path, reason);
    return undefined;
  }
  const requiredEntry = entries.find((e) => e.key === 'required');
  if (spec.kind === 'manual' && common.required === false) {
    issues.add(requiredEntry?.at, joinPath(path, 'required'), 'manual steps are always required: the operator confirms them (remove required: false, or make it a comment)');
    return undefined;
  }
  const idEntry = entries.find((e) => e.key === 'id');
  const id = (common.id as string | undefined) ?? `${place.idPrefix}${place.section}.${place.index + 1}.${spec.kind}`;
  const title = (common.title as string | undefined) ?? spec.title(values);
  const built = spec.build({ id, title, required: common.required as boolean, pos: issues.src.position(node) }, values);
  // Absent optional fields are left out rather than present as undefined: the journal and deep-equal comparisons read cleaner.
  const step = Object.fromEntries(Object.entries(built).filter(([, v]) => v !== undefined)) as Step;
  return { step, idAt: idEntry?.at ?? node, idPath: idEntry?.path ?? path };
}

/** How messages name a step kind: "check hpa-valid", "run". */
function what(spec: StepSpec): string {
  return spec.form === 'check' ? `check ${spec.kind}` : spec.kind;
}

/** The table row for a step's first key; for `check:` the kind named, with a "did you mean". */
function specFor(issues: Issues, head: MapEntry, section: Section): StepSpec | undefined {
  if (head.key !== 'check') return stepSpec(head.key as StepForm);
  const kind = scalarText(head.value);
  const spec = stepSpec('check', kind);
  if (!spec) {
    const hint = kind === undefined ? undefined : suggest(kind, CHECK_KINDS);
    const got = kind === undefined ? `expected a check name, got ${describe(head.value)}` : `unknown check "${kind}"`;
    issues.add(head.at, head.path, `${got}${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${CHECK_KINDS.join(', ')}`);
    return undefined;
  }
  if (spec.only && spec.only !== section) {
    issues.add(head.at, head.path, `${spec.kind} only makes sense in ${spec.only}: move it there`);
    return undefined;
  }
  return spec;
}

/** Each field's value, or its default when absent; undefined when any is bad or a required one is missing. */
function readFields(issues: Issues, fields: readonly FieldSpec[], entries: MapEntry[], map: Node, path: string, kindName: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const f of fields) {
    const e = entries.find((x) => x.key === f.key);
    if (e) {
      const v = readField(issues, f, e);
      if (v === undefined) ok = false;
      else out[f.key] = v;
    } else if (f.required) {
      issues.add(map, joinPath(path, f.key), `missing: ${kindName} needs ${f.key} (${typeLabel(f)})`);
      ok = false;
    } else out[f.key] = defaultValue(f);
  }
  return ok ? out : undefined;
}
