// helm-test: the chart's own test hooks (`helm test RELEASE`), run through
// the real helm binary with no shell, against the context the watches use.
// helm is stopped with SIGTERM on timeout or cancel, never SIGKILLed first:
// it records the hook result in the release, and a killed helm records nothing.
import { execa } from 'execa';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { helmTarget } from './context.js';
import { displayCommand, tail } from './util.js';

/** Grace after helm's own --timeout before we stop it ourselves. */
const GRACE_MS = 30_000;

/** Runs `helm test` and reports its output tail. */
export async function run(step: StepOf<'helm-test'>, ctx: CheckContext): Promise<CheckOutcome> {
  const target = helmTarget(ctx);
  const args = ['test', ctx.release, ...target.args, '--timeout', `${Math.max(1, Math.ceil(step.timeoutMs / 1000))}s`];
  const shown = `$ ${displayCommand(['helm', ...args])}`;
  const r = await execa(ctx.helmPath, args, {
    env: target.env,
    extendEnv: true,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: step.timeoutMs + GRACE_MS,
    killSignal: 'SIGTERM',
    forceKillAfterDelay: GRACE_MS,
    ...(ctx.signal ? { cancelSignal: ctx.signal } : {}),
  });
  const output = String(r.all ?? '');
  return judgeHelmTest(r.exitCode, output, shown, { timedOut: r.timedOut, failure: r.exitCode === undefined ? r.originalMessage || r.shortMessage : undefined });
}

/** The verdict over helm test's exit and output; pure, for the unit tables. */
export function judgeHelmTest(exitCode: number | undefined, output: string, shown: string, o: { timedOut?: boolean; failure?: string } = {}): CheckOutcome {
  const evidence = [shown, ...tail(output, 30)];
  if (o.timedOut) return { status: 'fail', summary: 'helm test did not finish in time and was stopped', evidence };
  if (exitCode === undefined) return { status: 'fail', summary: `helm could not run: ${o.failure ?? 'unknown error'}`, evidence };
  if (exitCode !== 0) {
    const failedHook = /^(?:Phase|TEST SUITE):.*$/m.exec(output)?.[0];
    const error = /^Error: .*$/m.exec(output)?.[0];
    return { status: 'fail', summary: `helm test exited ${exitCode}${error ? `: ${error.slice(7)}` : failedHook ? `: ${failedHook}` : ''}`, evidence };
  }
  if (/^TEST SUITE:\s+None/m.test(output)) return { status: 'warn', summary: 'the chart has no tests: nothing was verified', evidence };
  const passed = output.match(/^Phase:\s+Succeeded/gm)?.length ?? 0;
  return { status: 'pass', summary: `helm test passed${passed ? ` (${passed} test hook(s) succeeded)` : ''}`, evidence };
}
