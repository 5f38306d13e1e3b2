// The shape of one row of the step table: a step kind's fields, rules,
// default title and builder. Kept apart from the rows so check-table.ts and
// step-table.ts can both hold rows without importing each other.
import type { FieldSpec } from './field-spec.js';
import type { Step, StepBase, StepKind } from './types.js';

/** The key a step starts with; `check` is followed by the check's kind. */
export type StepForm = 'manual' | 'check' | 'run' | 'http' | 'logs';

/** The two step lists of a release. */
export type Section = 'preflight' | 'verify';

/** A step's fields after reading, defaults filled in (durations in ms, as the FieldType readers return them). */
export type FieldValues = Readonly<Record<string, unknown>>;

/** One step kind as the loader validates it and the reference documents it. */
export interface StepSpec {
  kind: StepKind;
  form: StepForm;
  /** What the step does, one or two sentences for the reference. */
  doc: string;
  /** The hand-run commands or checklist lines it stands for. */
  replaces: string;
  /**
   * The step's own fields. For manual, run and http the first field is the
   * form key itself (its value: the text, title or URL); for logs they sit
   * inside the `logs:` map (`nested`).
   */
  fields: readonly FieldSpec[];
  nested?: boolean;
  /** The one section the step makes sense in (a diff after the upgrade compares the release with itself). */
  only?: Section;
  /** A rule across fields; returns why it is broken. */
  rule?: (v: FieldValues) => string | undefined;
  /** The checklist title when the runbook gives none. */
  title: (v: FieldValues) => string;
  build: (base: StepBase, v: FieldValues) => Step;
  /** A valid step as a YAML list item, shown in the reference; the tests load every one. */
  example: string;
}
