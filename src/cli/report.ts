// `helmdeck report JOURNAL [-o FILE]`: prints (or writes) the Markdown change
// record of a maintenance window from its journal, for the ticket.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readJournal } from '../journal/read-journal.js';
import { renderReport } from '../journal/report.js';
import { UsageError } from './usage-error.js';

export const reportUsage = `Usage: helmdeck report JOURNAL [-o FILE]
  JOURNAL is a window's journal (helmdeck-<release>-<time>.jsonl, in $XDG_STATE_HOME/helmdeck
  or ~/.local/state/helmdeck); the Markdown change record goes to stdout or FILE`;

/** Runs the report command; returns the exit code (0 written, 1 when the journal holds nothing). */
export async function reportCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void } = defaultIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(reportUsage + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`report: expected exactly one JOURNAL file\n${reportUsage}`);
  const file = positionals[0]!;
  let journal;
  try {
    journal = await readJournal(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `report: no journal at ${file}` : `report: cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  if (journal.entries.length === 0) {
    io.stderr(`helmdeck: report: ${file} holds no journal entries\n`);
    return 1;
  }
  const markdown = renderReport(journal.entries, { truncated: journal.truncated, damagedLines: journal.damagedLines });
  if (values.output) {
    await writeFile(values.output, markdown + '\n', 'utf8');
    io.stderr(`helmdeck: change record written to ${values.output}\n`);
  } else {
    io.stdout(markdown + '\n');
  }
  if (journal.truncated || journal.damagedLines.length) io.stderr(`helmdeck: warning: ${file} is damaged; the record says which entries are missing\n`);
  return 0;
}

const defaultIo = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
};
