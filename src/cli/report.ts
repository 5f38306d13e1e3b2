// `helmdeck report JOURNAL [-o FILE]`: prints (or writes) the Markdown change
// record of a maintenance window from its journal, for the ticket.
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { InputFileError } from '../fs/read-bounded.js';
import { parseJournal, readJournal, type ReadJournalResult } from '../journal/read-journal.js';
import { connectOptions } from './kube-flags.js';
import { checkRelease } from './names.js';
import { renderReport } from '../journal/report.js';
import { UsageError } from './usage-error.js';

export const reportUsage = `Usage: helmdeck report JOURNAL [-o FILE [--force]]
       helmdeck report --release RELEASE [-n NS] [--window ID] [--context C] [--kubeconfig K] [-o FILE [--force]]
  JOURNAL is a window's journal (helmdeck-<release>-<time>.jsonl, in $XDG_STATE_HOME/helmdeck
  or ~/.local/state/helmdeck); with --release the journal is the window's copy in the cluster
  (the newest window of RELEASE, or --window ID). The Markdown change record goes to stdout or FILE
  (a new file; --force replaces an existing one, never the journal itself)`;

/** Runs the report command; returns the exit code (0 written, 1 when the journal holds nothing). */
export async function reportCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void } = defaultIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      release: { type: 'string' }, window: { type: 'string' }, namespace: { type: 'string', short: 'n' }, context: { type: 'string' }, kubeconfig: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(reportUsage + '\n');
    return 0;
  }
  if (values.release !== undefined) {
    if (positionals.length) throw new UsageError(`report: a JOURNAL file or --release, not both\n${reportUsage}`);
  } else {
    if (values.window !== undefined || values.namespace !== undefined) throw new UsageError(`report: --window and -n go with --release\n${reportUsage}`);
    if (positionals.length !== 1) throw new UsageError(`report: expected exactly one JOURNAL file\n${reportUsage}`);
  }
  const file = values.release !== undefined ? undefined : positionals[0]!;
  if (values.output !== undefined) checkOutput(file, values.output, values.force === true);
  let journal;
  let source: string;
  if (file === undefined) {
    const found = await clusterJournal(values.release!, values);
    journal = found.journal;
    source = found.source;
  } else {
    source = file;
    try {
      journal = await readJournal(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (e instanceof InputFileError) throw new Error(`report: cannot read ${file}: it ${e.reason}`, { cause: e });
      throw new Error(code === 'ENOENT' ? `report: no journal at ${file}` : `report: cannot read ${file}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (journal.entries.length === 0) {
    io.stderr(`helmdeck: report: ${source} holds no journal entries\n`);
    return 1;
  }
  for (const line of journal.damagedLines) io.stderr(`helmdeck: ${source}:${line}: not a complete JSON line\n`);
  for (const bad of journal.invalid) io.stderr(`helmdeck: ${source}:${bad.line}: ${bad.problem}\n`);
  const markdown = renderReport(journal.entries, { truncated: journal.truncated, damagedLines: journal.damagedLines, invalid: journal.invalid, lineOf: journal.lineOf });
  if (values.output) {
    // 'wx' without --force: a file created meanwhile is still not overwritten.
    await writeFile(values.output, markdown + '\n', { encoding: 'utf8', flag: values.force ? 'w' : 'wx' }).catch((e: NodeJS.ErrnoException) => {
      throw new Error(e.code === 'EEXIST' ? `report: ${values.output} already exists (pass --force to replace it)` : `report: cannot write ${values.output}: ${e.message}`, { cause: e });
    });
    io.stderr(`helmdeck: change record written to ${values.output}\n`);
  } else {
    io.stdout(markdown + '\n');
  }
  if (journal.truncated || journal.damagedLines.length || journal.invalid.length) io.stderr(`helmdeck: warning: ${source} is damaged; the record says which entries are missing\n`);
  return 0;
}

// The window's copy in the cluster: the newest window of the release kept there, or the one asked for.
async function clusterJournal(release: string, flags: { namespace?: string; context?: string; kubeconfig?: string; window?: string }): Promise<{ journal: ReadJournalResult; source: string }> {
  checkRelease(release);
  const { connect, KubeError } = await import('../kube/connection.js');
  const { readMirroredWindows } = await import('../share/window-mirror.js');
  const { joinParts } = await import('../share/mirror-format.js');
  let conn;
  try {
    conn = connect(connectOptions(flags));
  } catch (err) {
    if (err instanceof KubeError) throw new UsageError(`report: ${err.message}`, 1);
    throw err;
  }
  let windows;
  try {
    windows = await readMirroredWindows(conn, conn.namespace, release);
  } catch (e) {
    throw new Error(`report: cannot read the windows of ${release} in ${conn.namespace}: ${(e as Error).message}`, { cause: e });
  }
  const w = flags.window === undefined ? windows[0] : windows.find((x) => x.id === flags.window);
  if (!w) {
    const kept = windows.map((x) => x.id).join(', ');
    throw new Error(flags.window === undefined
      ? `report: no window of ${release} is kept in namespace ${conn.namespace} (context ${conn.context})`
      : `report: no window ${flags.window} of ${release} in namespace ${conn.namespace}${kept ? ` (kept: ${kept})` : ''}`);
  }
  return { journal: parseJournal(joinParts(w.parts)), source: `window ${w.id} of ${release} in ${conn.namespace}` };
}

// The record must never replace the journal it was made from (whatever the
// path spelling), nor any other file unless the operator said so.
function checkOutput(journal: string | undefined, output: string, force: boolean): void {
  const out = statOrUndefined(output);
  if (!out) return;
  const src = journal === undefined ? undefined : statOrUndefined(journal);
  if (src && src.dev === out.dev && src.ino === out.ino) throw new UsageError(`report: -o ${output} is the journal itself; write the record to another file`);
  if (!out.isFile()) throw new UsageError(`report: -o ${output} is not a regular file`);
  if (!force) throw new UsageError(`report: -o ${output} already exists (pass --force to replace it)`);
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const defaultIo = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
};
