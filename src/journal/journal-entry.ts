// The entries of a maintenance-window journal: one JSON object per line,
// each stamped with its time and its place in the window. The shapes are the
// file format of a change record, so fields are only ever added, not renamed.
import type { DiffSummary } from '../helm/diff/diff-release.js';
import type { StepResult } from '../runbook/types.js';

/** The window the journal records (one file per window). */
export interface JournalWindow {
  release: string;
  namespace: string;
  context: string;
}

/** A helm (or kubectl, pg_dump…) command as it was run, masked. */
export interface CommandRecord {
  /** What the command was for ("upgrade shop", "rollback to 3"). */
  title: string;
  /** The command line as displayed, credentials masked. */
  command: string;
  argv: string[];
  exitCode: number | null;
  /** The process it ran as (matches the command-started entry written before it ran). */
  pid?: number;
  signal?: string;
  interrupted?: boolean;
  durationMs: number;
  /** The last lines of its output, scrubbed. */
  outputTail: string[];
}

/** A command as it was started, written before its outcome is known: a journal that ends here says what may still be running. */
export interface CommandStartRecord {
  title: string;
  /** The command line as displayed, credentials masked. */
  command: string;
  argv: string[];
  /** Undefined when the program could not be started at all. */
  pid?: number;
}

/** How an upgrade, a rollback or the verify after either ended. */
export interface OutcomeRecord {
  action: 'upgrade' | 'rollback' | 'verify';
  status: 'succeeded' | 'failed' | 'interrupted';
  /** The revision the release is at afterwards, when known. */
  revision?: number;
  /** For a rollback: the revision it went back to. */
  toRevision?: number;
  message: string;
}

/** What callers hand the journal (time and sequence are added when written). */
export type JournalInput =
  | ({ type: 'window-start'; operator: string; host: string } & JournalWindow)
  | { type: 'step-result'; result: StepResult }
  | { type: 'override'; stepId: string; reason: string }
  | ({ type: 'command-started' } & CommandStartRecord)
  | ({ type: 'command' } & CommandRecord)
  | { type: 'diff'; summary: DiffSummary }
  | ({ type: 'outcome' } & OutcomeRecord)
  | { type: 'note'; text: string }
  | { type: 'window-end'; reason: string };

/** One line of the journal file. */
export type JournalEntry = JournalInput & {
  /** ISO time it was written. */
  at: string;
  /** 1, 2, 3… within the file: a gap shows a lost line. */
  seq: number;
};

/** Every entry type, for validation when reading. */
export const ENTRY_TYPES: ReadonlySet<string> = new Set(['window-start', 'step-result', 'override', 'command-started', 'command', 'diff', 'outcome', 'note', 'window-end']);
