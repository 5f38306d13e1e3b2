// The step kinds' dispatcher: runCheck runs one step's check and turns its
// outcome into a StepResult. A check that throws (a bug, a dead cluster)
// becomes a failed result with the message — the engine never sees an
// exception — and a cancelled one becomes 'skip', never a pass or a fail.
import { scrubText } from '../../journal/scrub.js';
import type { Step, StepKind, StepResult } from '../types.js';
import type { CheckContext, CheckFn, CheckOutcome } from './context.js';
import * as consumerLag from './consumer-lag.js';
import * as diff from './diff.js';
import * as helmTest from './helm-test.js';
import * as hpaValid from './hpa-valid.js';
import * as http from './http.js';
import * as imagesExist from './images-exist.js';
import * as logs from './logs.js';
import * as manual from './manual.js';
import * as pdb from './pdb.js';
import * as podsHealthy from './pods-healthy.js';
import * as releaseSettled from './release-settled.js';
import * as rolloutComplete from './rollout-complete.js';
import * as runCommand from './run.js';
import * as secretPresent from './secret-present.js';
import * as versionPolicy from './version-policy.js';
import { errorText } from './util.js';

export type { CheckContext, CheckOutcome, StepOf } from './context.js';

/** Each kind's check; a kind missing here is a type error. */
export const CHECKS: { [K in StepKind]: CheckFn<K> } = {
  manual: manual.run,
  'release-settled': releaseSettled.run,
  'pods-healthy': podsHealthy.run,
  'hpa-valid': hpaValid.run,
  pdb: pdb.run,
  'consumer-lag': consumerLag.run,
  'images-exist': imagesExist.run,
  'secret-present': secretPresent.run,
  diff: diff.run,
  'version-policy': versionPolicy.run,
  run: runCommand.run,
  http: http.run,
  logs: logs.run,
  'rollout-complete': rolloutComplete.run,
  'helm-test': helmTest.run,
};

/** Runs the step's check and stamps the result with its id, kind and times. */
export async function runCheck(step: Step, ctx: CheckContext): Promise<StepResult> {
  const startedAt = ctx.now();
  let outcome: CheckOutcome;
  if (ctx.signal?.aborted) {
    outcome = { status: 'skip', summary: 'cancelled before it started', evidence: [] };
  } else {
    try {
      outcome = await (CHECKS[step.kind] as CheckFn<StepKind>)(step as never, ctx);
    } catch (e) {
      outcome = { status: 'fail', summary: `the ${step.kind} check could not run: ${errorText(e)}`, evidence: [] };
    }
    // Whatever a cancelled check concluded on its way out (a killed command "failed"), it did not judge anything.
    if (ctx.signal?.aborted && outcome.status !== 'pass') outcome = { status: 'skip', summary: 'cancelled', evidence: outcome.evidence };
  }
  // Masked here, once: the screen, stdout, --json and the journal all show this result.
  return { id: step.id, kind: step.kind, status: outcome.status, summary: scrubText(outcome.summary), evidence: outcome.evidence.map(scrubText), startedAt, endedAt: ctx.now() };
}
