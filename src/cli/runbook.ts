// `helmdeck runbook check FILE...`: validates runbooks without a cluster, so a
// runbook is known good the day before the window (and in CI), not found
// broken at its first step. `helmdeck runbook reference` prints the schema.
import { loadRunbook } from '../runbook/load-runbook.js';
import { runbookReferenceMarkdown } from '../runbook/reference.js';
import { RunbookError } from '../runbook/runbook-error.js';
import type { Runbook } from '../runbook/types.js';
import { UsageError } from './usage-error.js';

export const runbookUsage = `Usage: helmdeck runbook check FILE...   validate runbook files (exit 0 when all are valid, 1 otherwise)
       helmdeck runbook reference        print the runbook reference (Markdown)`;

/** Where the command writes; tests pass their own. */
export interface RunbookCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: RunbookCommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs `helmdeck runbook ...` (args after "runbook"); returns the exit code. Bad usage throws UsageError. */
export async function runbookCommand(args: string[], io: RunbookCommandIo = processIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    if (sub === undefined) throw new UsageError(`runbook: expected check or reference\n${runbookUsage}`);
    io.out(runbookUsage + '\n');
    return 0;
  }
  if (sub === 'reference') {
    if (rest.length) throw new UsageError(`runbook reference takes no arguments\n${runbookUsage}`);
    io.out(runbookReferenceMarkdown());
    return 0;
  }
  if (sub !== 'check') throw new UsageError(`runbook: unknown subcommand "${sub}"\n${runbookUsage}`);
  const files = rest.filter((a) => a !== '--');
  const flag = files.find((a) => a.startsWith('-') && a !== '-');
  if (flag) throw new UsageError(`runbook check: unknown option "${flag}"\n${runbookUsage}`);
  if (files.length === 0) throw new UsageError(`runbook check: expected a FILE\n${runbookUsage}`);
  let code = 0;
  for (const file of files) {
    try {
      io.out(`${summary(loadRunbook(file))}\n`);
    } catch (err) {
      if (!(err instanceof RunbookError)) throw err;
      io.err(`${err.message}\n`);
      code = 1;
    }
  }
  return code;
}

/** `FILE: ok — 3 releases, 21 steps`. */
export function summary(runbook: Runbook): string {
  const releases = runbook.releases.length;
  const steps = runbook.releases.reduce((n, r) => n + r.preflight.length + r.verify.length, 0);
  return `${runbook.file}: ok — ${plural(releases, 'release')}, ${plural(steps, 'step')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
