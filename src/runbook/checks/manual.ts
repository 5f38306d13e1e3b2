// A manual step ("read the release notes at URL"): nothing to verify here.
// The engine waits for the operator's key and records the acknowledgement;
// this only describes what to do, so the checklist and the journal show it.
import type { CheckContext, CheckOutcome, StepOf } from './context.js';

/** Describes the manual step; always 'skip' until the engine records an acknowledgement. */
export async function run(step: StepOf<'manual'>, _ctx: CheckContext): Promise<CheckOutcome> {
  const evidence = [step.text];
  if (step.link) evidence.push(`link: ${step.link}`);
  return { status: 'skip', summary: 'waiting for acknowledgement', evidence };
}
