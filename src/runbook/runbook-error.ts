// The one error a bad runbook produces: every problem found in the file at
// once, so the operator fixes them in one pass instead of one per run — a
// maintenance window is the wrong time to discover the next typo.
import { ConfigError } from '../config/config-error.js';

/** At most this many problems are spelt out in the message; the rest are counted (all stay in `errors`). */
const SHOWN = 50;

/** A runbook that failed validation: `errors` holds each problem, the message lists them one per line. */
export class RunbookError extends Error {
  override readonly name = 'RunbookError';
  /** Every problem, in file order. */
  readonly errors: readonly ConfigError[];

  constructor(
    /** The runbook file as messages show it. */
    readonly file: string,
    errors: readonly ConfigError[],
  ) {
    const sorted = inFileOrder(errors);
    super(formatRunbookErrors(file, sorted));
    this.errors = sorted;
  }
}

/** A one-problem RunbookError at a position (file-level problems use line 0). */
export function runbookError(file: string, line: number, column: number, path: string, reason: string): RunbookError {
  return new RunbookError(file, [new ConfigError({ file, line, column }, path, reason)]);
}

/** First line the count, then one `FILE:LINE:COL: path: reason` line per problem (what editors and terminals link). */
function formatRunbookErrors(file: string, errors: readonly ConfigError[]): string {
  const n = errors.length;
  const lines = [`${n} ${n === 1 ? 'error' : 'errors'} in runbook ${file}:`];
  for (const e of errors.slice(0, SHOWN)) lines.push(oneLine(e.message));
  if (n > SHOWN) lines.push(`… and ${n - SHOWN} more (fix these first)`);
  return lines.join('\n');
}

/**
 * A message as one safe line: a key or value quoted from the file may hold a
 * newline (which would split the one-error-per-line list) or an escape
 * sequence (which would drive the operator's terminal); both are shown escaped.
 */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => (c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Sorted by line and column (stable), exact repeats dropped: checks that run after the walk append out of order. */
function inFileOrder(errors: readonly ConfigError[]): ConfigError[] {
  const seen = new Set<string>();
  const unique = errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
  return unique.sort((a, b) => a.line - b.line || a.column - b.column);
}

