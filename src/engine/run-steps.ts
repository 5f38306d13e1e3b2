// The rules that turn a check's result into a step's verdict (window.ts runs
// the steps): a failed required step is a failed gate unless the operator
// overrode it with a reason; a failed step with `required: false` is a
// warning; a manual step passes only when acknowledged (a key in the cockpit,
// --ack ID or --ack all headless, where nothing can wait for a key).
import type { Step, StepResult } from '../runbook/types.js';

/** The acknowledgements given: every manual step, or these ids. */
export type Acks = 'all' | ReadonlySet<string>;

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

/** The one-line form of a result: `✓ id  summary` (✓ pass, ✗ fail, ! warn, - skip). */
export function formatStepLine(result: StepResult): string {
  const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : result.status === 'warn' ? '!' : '-';
  const override = result.override ? ` (overridden: ${result.override.reason})` : '';
  return `${mark} ${result.id}  ${result.summary}${override}`;
}
