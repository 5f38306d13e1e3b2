// Reads a window journal back for the change record. A journal whose writer
// died mid-line ends in a partial line: that line is dropped and reported,
// never a reason to refuse the rest of the record.
import { readInputFile } from '../fs/read-bounded.js';
import type { JournalEntry } from './journal-entry.js';
import { validateEntry } from './validate-entry.js';

/** A journal as read from disk. */
export interface ReadJournalResult {
  entries: JournalEntry[];
  /** The last line was cut short (the writer stopped mid-write). */
  truncated: boolean;
  /** 1-based numbers of lines before the last that could not be read. */
  damagedLines: number[];
  /** Lines that are JSON but not a well-formed entry, with why. */
  invalid: { line: number; problem: string }[];
  /** The 1-based line of each entry. */
  lineOf: number[];
}

// A journal of a long window is still far smaller than this; a FIFO or a device is refused by name.
const MAX_JOURNAL_BYTES = 64 * 1024 * 1024;

/** Reads and parses a journal file; throws only when the file cannot be read. */
export async function readJournal(path: string): Promise<ReadJournalResult> {
  return parseJournal(readInputFile(path, MAX_JOURNAL_BYTES));
}

/** Parses journal text (JSON lines). */
export function parseJournal(text: string): ReadJournalResult {
  const lines = text.split('\n');
  // A complete journal ends with "\n", so the last element is then "".
  const complete = lines.at(-1) === '';
  if (complete) lines.pop();
  const result: ReadJournalResult = { entries: [], truncated: false, damagedLines: [], invalid: [], lineOf: [] };
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      if (i === lines.length - 1 && !complete) result.truncated = true;
      else result.damagedLines.push(i + 1);
      return;
    }
    const checked = validateEntry(v);
    if ('problem' in checked) result.invalid.push({ line: i + 1, problem: checked.problem });
    else {
      result.entries.push(checked.entry);
      result.lineOf.push(i + 1);
    }
  });
  return result;
}
