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

/** Runs `steps` in order against `ctx`; never throws for a failing check. */
export async function runSteps(steps: readonly Step[], ctx: CheckContext, opts: RunStepsOptions = {}): Promise<StepsOutcome> {
  const results: StepResult[] = [];
  const gatesFailed: string[] = [];
  for (const step of steps) {
    let result = await runCheck(step, ctx);
    if (step.kind === 'manual' && result.status === 'skip' && !ctx.signal?.aborted) {
      result = isAcked(opts.acks, step.id)
        ? { ...result, status: 'pass', summary: 'acknowledged (--ack)' }
        : { ...result, status: 'fail', summary: `manual step not acknowledged: needs --ack ${step.id}` };
    }
    if (result.status === 'fail' && !step.required) {
      result = { ...result, status: 'warn', summary: `${result.summary} (not required)` };
    }
    if (result.status === 'fail') {
      const reason = opts.overrides?.get(step.id);
      if (reason !== undefined) {
        result = { ...result, override: { reason, at: ctx.now() } };
        await opts.journal?.override(step.id, reason);
      } else {
        gatesFailed.push(step.id);
      }
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
