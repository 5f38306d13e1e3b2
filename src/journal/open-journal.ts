// The journal of one maintenance window: an append-only JSON-lines file,
// private to the operator (0600), each entry scrubbed of credentials and
// fsynced before the write resolves — if the laptop dies mid-upgrade, the
// record of everything up to the last entry survives.
import { open, type FileHandle } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { displayCommand, maskArgv } from '../helm/actions/display-command.js';
import type { DiffSummary } from '../helm/diff/diff-release.js';
import type { StepResult } from '../runbook/types.js';
import type { JournalEntry, JournalInput, JournalWindow, OutcomeRecord } from './journal-entry.js';
import { ensureJournalDir } from './journal-dir.js';
import { scrub, scrubText } from './scrub.js';

/** Where and for what window to open the journal. */
export interface OpenJournalOptions {
  /** Defaults to $XDG_STATE_HOME/helmdeck, else ~/.local/state/helmdeck. */
  dir?: string;
  window: JournalWindow;
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

/** A command to record, as it was run (masked and trimmed here, so no caller can forget). */
export interface CommandInput {
  title: string;
  argv: readonly string[];
  /** The program shown in front of argv (default "helm"). */
  program?: string;
  exitCode: number | undefined | null;
  pid?: number | undefined;
  signal?: string;
  interrupted?: boolean;
  durationMs: number;
  output: string;
}

/** An open window journal. Every method resolves once the entry is on disk. */
export interface Journal {
  readonly path: string;
  append(entry: JournalInput): Promise<JournalEntry>;
  stepResult(result: StepResult): Promise<JournalEntry>;
  override(stepId: string, reason: string): Promise<JournalEntry>;
  /** Before the outcome is known: the command and its pid, so a journal cut short still names what ran. */
  commandStarted(c: { title: string; argv: readonly string[]; program?: string; pid: number | undefined }): Promise<JournalEntry>;
  command(c: CommandInput): Promise<JournalEntry>;
  diff(summary: DiffSummary): Promise<JournalEntry>;
  outcome(o: OutcomeRecord): Promise<JournalEntry>;
  note(text: string): Promise<JournalEntry>;
  /** Writes window-end and closes the file; later writes are refused. */
  close(reason?: string): Promise<void>;
  /** Hands `listener` every line written so far, then each new one once it is on disk (the window's mirror). */
  tee(listener: (line: string) => void): () => void;
}

/** Lines of command output kept per command entry. */
export const OUTPUT_TAIL_LINES = 40;

/** The default journal folder, per the XDG base directory rules. */
export function defaultJournalDir(env: Record<string, string | undefined> = process.env): string {
  const state = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'helmdeck');
}

/** Creates the window's journal file (never reusing one) and writes window-start. */
export async function openJournal(opts: OpenJournalOptions): Promise<Journal> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? (() => new Date());
  const dir = opts.dir ?? defaultJournalDir(env);
  ensureJournalDir(dir);
  const { fh, path } = await createFile(dir, opts.window.release, now());
  let seq = 0;
  let closed = false;
  // One write at a time, in call order: lines never interleave and seq matches file order.
  let queue: Promise<unknown> = Promise.resolve();
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();

  const append = (input: JournalInput): Promise<JournalEntry> => {
    if (closed) return Promise.reject(new Error(`journal ${path} is closed`));
    const write = queue.then(async () => {
      const entry = scrub({ ...input, at: now().toISOString(), seq: ++seq }) as JournalEntry;
      const line = JSON.stringify(entry);
      await writeAll(fh, Buffer.from(line + '\n', 'utf8'));
      await fh.sync();
      lines.push(line);
      for (const l of listeners) l(line);
      return entry;
    });
    queue = write.catch(() => undefined);
    return write;
  };

  const journal: Journal = {
    path,
    append,
    stepResult: (result) => append({ type: 'step-result', result }),
    override: (stepId, reason) => append({ type: 'override', stepId, reason }),
    commandStarted: (c) =>
      append({
        type: 'command-started',
        title: c.title,
        command: displayCommand(c.argv, { mask: true, program: c.program ?? 'helm' }),
        argv: maskArgv(c.argv),
        ...(c.pid !== undefined ? { pid: c.pid } : {}),
      }),
    command: (c) =>
      append({
        type: 'command',
        title: c.title,
        command: displayCommand(c.argv, { mask: true, program: c.program ?? 'helm' }),
        argv: maskArgv(c.argv),
        exitCode: c.exitCode ?? null,
        ...(c.pid !== undefined ? { pid: c.pid } : {}),
        ...(c.signal ? { signal: c.signal } : {}),
        ...(c.interrupted ? { interrupted: true } : {}),
        durationMs: c.durationMs,
        outputTail: c.output.split(/\r?\n/).filter((l) => l.trim() !== '').slice(-OUTPUT_TAIL_LINES).map(scrubText),
      }),
    diff: (summary) => append({ type: 'diff', summary }),
    outcome: (o) => append({ type: 'outcome', ...o }),
    note: (text) => append({ type: 'note', text }),
    tee(listener) {
      for (const line of lines) listener(line);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close(reason = 'closed') {
      if (closed) return;
      const end = append({ type: 'window-end', reason });
      closed = true;
      await end;
      await queue;
      await fh.close();
    },
  };
  const operator = env.USER || env.LOGNAME || safeUser();
  await append({ type: 'window-start', ...opts.window, operator, host: hostname() });
  return journal;
}

// helmdeck-<release>-<UTC timestamp>.jsonl, created exclusively (O_EXCL) so a
// second window in the same second gets its own file instead of sharing one.
async function createFile(dir: string, release: string, at: Date): Promise<{ fh: FileHandle; path: string }> {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const safe = release.replace(/[^A-Za-z0-9.-]/g, '_') || 'release';
  for (let n = 0; n < 100; n++) {
    const path = join(dir, `helmdeck-${safe}-${stamp}${n ? `-${n}` : ''}.jsonl`);
    try {
      const fh = await open(path, 'wx', 0o600);
      // The umask can only take bits away; chmod makes 0600 exact regardless.
      await fh.chmod(0o600);
      await syncDir(dir);
      return { fh, path };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`journal: could not create a new file in ${dir}`);
}

// The new file's directory entry must reach the disk too, or a crash can
// lose the whole file even though its contents were synced.
async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
