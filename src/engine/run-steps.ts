// The step engine: runs a release's steps in order, each through runCheck,
// and decides which failures are gates. A failed required step is a failed
// gate unless the operator overrode it with a reason (journaled); a failed
// step with `required: false` is a warning. A manual step passes only when the
// operator acknowledged it (--ack ID or --ack all): nothing in a headless run
// can wait for a key. Every result goes to the journal as it is decided.
import { runCheck, type CheckContext } from '../runbook/checks/index.js';
import type { Step, StepResult } from '../runbook/types.js';

/** The acknowledgements given: every manual step, or these ids. */
export type Acks = 'all' | ReadonlySet<string>;

/** Where results are recorded (the window journal, or nothing for a dry preflight). */
export interface StepJournal {
  stepResult(result: StepResult): Promise<unknown>;
  override(stepId: string, reason: string): Promise<unknown>;
}

/** How to run the steps. */
export interface RunStepsOptions {
  acks?: Acks;
  /** Step id → the operator's reason for letting its failed gate pass. */
  overrides?: ReadonlyMap<string, string>;
  journal?: StepJournal;
  /** Called with each result as soon as it is decided (printing). */
  onResult?: (result: StepResult, step: Step) => void;
}

/** What a run of steps decided. */
export interface StepsOutcome {
  results: StepResult[];
  /** Ids of the required steps that failed and were not overridden. */
  gatesFailed: string[];
}

/** True when the manual step `id` was acknowledged. */
export function isAcked(acks: Acks | undefined, id: string): boolean {
  return acks === 'all' || (acks !== undefined && acks.has(id));
}

/** What the operator said about a step: acknowledged (manual), or let its failed gate pass with a reason. */
export interface StepVerdictInput {
  acked: boolean;
  overrideReason?: string;
  now: number;
  /** The run was cancelled: a manual step is not judged then. */
  cancelled?: boolean;
}

/**
 * The result a step's check result becomes: a manual step passes only when
 * acknowledged, a failure of a step that is not required is a warning, and a
 * failed gate carries the override when the operator gave one.
 */
export function judgeResult(step: Step, raw: StepResult, v: StepVerdictInput): StepResult {
  let result = raw;
  if (step.kind === 'manual' && result.status === 'skip' && !v.cancelled) {
    result = v.acked
      ? { ...result, status: 'pass', summary: 'acknowledged (--ack)' }
      : { ...result, status: 'fail', summary: `manual step not acknowledged: needs --ack ${step.id}` };
  }
  if (result.status === 'fail' && !step.required) {
    result = { ...result, status: 'warn', summary: `${result.summary} (not required)` };
  }
  if (result.status === 'fail' && v.overrideReason !== undefined) {
    result = { ...result, override: { reason: v.overrideReason, at: v.now } };
  }
  return result;
}

/** Runs `steps` in order against `ctx`; never throws for a failing check. */
export async function runSteps(steps: readonly Step[], ctx: CheckContext, opts: RunStepsOptions = {}): Promise<StepsOutcome> {
  const results: StepResult[] = [];
  const gatesFailed: string[] = [];
  for (const step of steps) {
    const reason = opts.overrides?.get(step.id);
    const result = judgeResult(step, await runCheck(step, ctx), {
      acked: isAcked(opts.acks, step.id),
      ...(reason !== undefined ? { overrideReason: reason } : {}),
      now: ctx.now(),
      cancelled: ctx.signal?.aborted === true,
    });
    if (result.status === 'fail') {
      if (result.override) await opts.journal?.override(step.id, result.override.reason);
      else gatesFailed.push(step.id);
    }
    await opts.journal?.stepResult(result);
    results.push(result);
    opts.onResult?.(result, step);
  }
  return { results, gatesFailed };
}

/** The one-line form of a result: `✓ id  summary` (✓ pass, ✗ fail, ! warn, - skip). */
export function formatStepLine(result: StepResult): string {
  const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : result.status === 'warn' ? '!' : '-';
  const override = result.override ? ` (overridden: ${result.override.reason})` : '';
  return `${mark} ${result.id}  ${result.summary}${override}`;
}
