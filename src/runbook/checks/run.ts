// run: a command the runbook asks for (a database backup, a pre-flight
// script), run as argv with no shell, bounded by a timeout. With `save:` its
// stdout streams straight into a file (placeholders filled, directories
// created, mode 0600 — a dump holds data), and the step passes only when the
// command exited 0 and the file is not empty. A `helm` command reading the
// release's chart gets the upgrade's chart-reading flags it lacks (shown).
import { closeSync, existsSync, fchmodSync, mkdirSync, openSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { execa } from 'execa';
import { boundChild, describeStop, type BoundedStop } from '../../proc/bounded-run.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { withChartFlags } from '../../helm/actions/chart-flags.js';
import { displayCommand, errorText, tail } from './util.js';

/** Lines of output kept in the evidence. */
const TAIL_LINES = 20;

/** Runs the step's command; see the file comment for `save`. */
export async function run(step: StepOf<'run'>, ctx: CheckContext): Promise<CheckOutcome> {
  if (step.command.length === 0) return { status: 'fail', summary: 'empty command', evidence: [] };
  const argv = withChartFlags(step.command.map((a) => fill(a, ctx.vars)), ctx.chart, ctx.chartFlags ?? []);
  const shown = [`$ ${displayCommand(maskArgs(argv))}`];
  if (step.env && Object.keys(step.env).length) shown.push(`env: ${Object.keys(step.env).join(', ')} (values not shown)`);
  if (!step.save) return runCaptured(step, ctx, argv, shown);

  const file = resolve(ctx.workdir, fill(step.save, ctx.vars, true));
  if (existsSync(file)) {
    return { status: 'fail', summary: `${file} already exists: helmdeck does not overwrite a saved output — move it away or put {window} (or {date} and {time}) in the name`, evidence: shown };
  }
  const partial = `${file}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Created 0600 before any byte is written; a leftover .partial keeps its old mode otherwise, hence fchmod.
    const fd = openSync(partial, 'w', 0o600);
    fchmodSync(fd, 0o600);
    closeSync(fd);
  } catch (e) {
    return { status: 'fail', summary: `cannot write ${partial}: ${errorText(e)}`, evidence: shown };
  }
  const child = execa(argv[0]!, argv.slice(1), { ...options(step, ctx), stdout: { file: partial, append: true }, stderr: 'pipe' });
  const stop = await boundChild(child, bounds(step, ctx));
  const r = await child;
  const size = statSync(partial).size;
  const failure = failed(r, stop, step.timeoutMs);
  const errTail = tail(String(r.stderr ?? ''), TAIL_LINES);
  if (failure) {
    return { status: 'fail', summary: failure, evidence: [...shown, `partial output kept at ${partial} (${size} bytes)`, ...labelled('stderr', errTail)] };
  }
  if (size === 0) {
    return { status: 'fail', summary: `the command exited 0 but wrote nothing to ${file}`, evidence: [...shown, ...labelled('stderr', errTail)] };
  }
  renameSync(partial, file);
  return {
    status: 'pass',
    summary: `saved ${size} bytes to ${file}`,
    evidence: [...shown, `saved ${size} bytes to ${file} (mode 0600)`, ...labelled('stderr', errTail)],
  };
}

async function runCaptured(step: StepOf<'run'>, ctx: CheckContext, argv: string[], shown: string[]): Promise<CheckOutcome> {
  const child = execa(argv[0]!, argv.slice(1), { ...options(step, ctx), stdout: 'pipe', stderr: 'pipe', all: true, maxBuffer: 8 * 1024 * 1024 });
  const stop = await boundChild(child, bounds(step, ctx));
  const r = await child;
  const failure = failed(r, stop, step.timeoutMs);
  if (failure) return { status: 'fail', summary: failure, evidence: [...shown, ...labelled('stderr', tail(String(r.stderr ?? ''), TAIL_LINES))] };
  return { status: 'pass', summary: `exited 0: ${displayCommand(maskArgs(argv)).slice(0, 120)}`, evidence: [...shown, ...labelled('output', tail(String(r.all ?? ''), TAIL_LINES))] };
}

function options(step: StepOf<'run'>, ctx: CheckContext) {
  return {
    cwd: ctx.workdir,
    env: step.env ?? {},
    extendEnv: true,
    stdin: 'ignore' as const,
    reject: false,
    // Its own process group: a timeout or cancel stops what it started too (see boundChild).
    detached: true,
  };
}

function bounds(step: StepOf<'run'>, ctx: CheckContext) {
  return { timeoutMs: step.timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) };
}

/** Why a finished command failed, or undefined when it exited 0. */
function failed(r: { exitCode?: number; signal?: string; failed: boolean; originalMessage?: string; shortMessage?: string }, stop: BoundedStop, timeoutMs: number): string | undefined {
  if (stop.reason === 'cancelled') return 'cancelled';
  if (stop.reason) return describeStop('the command', stop, timeoutMs);
  if (r.exitCode === undefined && r.failed) return `could not run: ${r.originalMessage || r.shortMessage || 'unknown error'}`;
  if (r.signal) return `killed by ${r.signal}`;
  if (r.exitCode !== 0) return `exited with code ${r.exitCode}`;
  return undefined;
}

function labelled(what: string, lines: string[]): string[] {
  return lines.length ? [`${what} (last lines):`, ...lines.map((l) => `  ${l}`)] : [];
}

/** Replaces the SAVE_PLACEHOLDERS; in a path, a value's slashes cannot create directories. */
export function fill(text: string, vars: CheckContext['vars'], path = false): string {
  return text.replace(/\{(date|time|window|release|revision)\}/g, (whole, k: keyof CheckContext['vars']) => {
    const given = vars[k];
    if (given === undefined) return whole;
    const v = String(given);
    return path ? v.replace(/[/\\]/g, '-') : v;
  });
}

// Arguments like --password=x or PGPASSWORD=x must not reach the screen or the journal.
function maskArgs(argv: string[]): string[] {
  return argv.map((a) => a.replace(/^((?:--?)?[\w.-]*(?:password|passwd|token|secret|apikey|api-key)[\w.-]*=).+$/i, '$1***'));
}
