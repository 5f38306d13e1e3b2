// Small helpers the checks share: bounded evidence (it is journaled and
// shown, so it must stay small), abortable sleeps, and commands displayed
// the way an operator would type them.

/** Most evidence lines a check returns; the rest are summarised in one line. */
export const MAX_EVIDENCE = 200;

/** Longest evidence line kept; longer ones are cut with an ellipsis. */
export const MAX_LINE = 300;

/** Cuts one line to `width` characters. */
export function clip(line: string, width = MAX_LINE): string {
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** Keeps at most `max` lines, saying how many were left out. */
export function bounded(lines: string[], max = MAX_EVIDENCE): string[] {
  const out = lines.slice(0, max).map((l) => clip(l));
  if (lines.length > max) out.push(`… ${lines.length - max} more line(s) not shown`);
  return out;
}

/** The last `n` non-empty lines of command output, each clipped: the end is where errors are. */
export function tail(text: string, n = 20): string[] {
  const lines = text.replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '');
  const cut = lines.length - n;
  return [...(cut > 0 ? [`… ${cut} earlier line(s)`] : []), ...lines.slice(Math.max(0, cut)).map((l) => clip(l))];
}

/** An argv as a POSIX shell would need it quoted, for display only (nothing is ever run through a shell). */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The message of anything thrown. */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    // fetch hides the useful part ("ECONNREFUSED") in the cause.
    const why = cause?.code ?? cause?.message;
    return why && !e.message.includes(why) ? `${e.message} (${why})` : e.message;
  }
  return String(e);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Throws when the signal has aborted: long checks call it between steps. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}

function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new CancelledError(typeof r === 'string' ? r : 'cancelled');
}

/** A check stopped by ctx.signal: runCheck reports it as skipped, never as passed or failed. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/** A duration in words for summaries ("90 s", "12 min", "3 h"). */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
