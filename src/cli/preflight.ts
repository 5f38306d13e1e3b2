// `helmdeck preflight RELEASE CHART`: the runbook's preflight steps without
// the cockpit, for CI and a scripted go/no-go. One line per step (or JSON),
// exit 0 when every gate passes, 1 when one fails, 2 when helmdeck could not
// even judge (usage, runbook, cluster).
import { parseArgs } from 'node:util';
import type { ReleaseDiff } from '../helm/diff/diff-release.js';
import { formatStepLine, runSteps, type StepJournal, type StepsOutcome } from '../engine/run-steps.js';
import { checkContext, kubeconfigNamespace, openSession, parseAcks, parseMs, resolvePlan, targetFlagOptions, type Session, type TargetFlags } from './session.js';
import type { ReleasePlan } from '../runbook/types.js';
import { UsageError } from './usage-error.js';

export const preflightUsage = `Usage: helmdeck preflight RELEASE CHART [-n NS] [-f FILE]... [--set K=V]... [--version V] [--runbook FILE]
                          [--ack all|ID,...] [--json] [--context C] [--kubeconfig K] [--helm PATH] [--timeout 30s]
  CHART may be omitted when --runbook names it. Exit 0: every gate passed; 1: a gate failed; 2: usage or cluster error.`;

/** Parses RELEASE [CHART] and the target flags of preflight/upgrade; resolves the plan. */
export function planFromArgs(release: string | undefined, chart: string | undefined, flags: TargetFlags, usage: string): ReleasePlan {
  if (release === undefined) throw new UsageError(`expected RELEASE${flags.runbook ? '' : ' and CHART'}\n${usage}`);
  return resolvePlan(release, chart, flags, () => kubeconfigNamespace(flags)).plan;
}

/** Runs the plan's preflight steps in an open session; prints each line unless `quiet`. */
export async function runPreflight(plan: ReleasePlan, session: Session, opts: { flags: TargetFlags; overrides?: Map<string, string>; journal?: StepJournal; print?: (line: string) => void; signal?: AbortSignal; onDiff?: (d: ReleaseDiff) => void }): Promise<StepsOutcome> {
  const ctx = checkContext(plan, session, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onDiff ? { onDiff: opts.onDiff } : {}) });
  return runSteps(plan.preflight, ctx, {
    acks: parseAcks(opts.flags.ack),
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
    ...(opts.journal ? { journal: opts.journal } : {}),
    ...(opts.print ? { onResult: (r) => opts.print!(formatStepLine(r)) } : {}),
  });
}

/** Runs the preflight command; returns the exit code. */
export async function preflightCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...targetFlagOptions, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(preflightUsage + '\n');
    return 0;
  }
  if (positionals.length > 2) throw new UsageError(`preflight: expected RELEASE and CHART\n${preflightUsage}`);
  const syncMs = parseMs(values.timeout, 30_000);
  let session: Session | undefined;
  try {
    const plan = planFromArgs(positionals[0], positionals[1], values, preflightUsage);
    session = await openSession(values, plan.namespace, syncMs);
    const out = await runPreflight(plan, session, { flags: values, ...(values.json ? {} : { print: (l) => process.stdout.write(l + '\n') }) });
    if (values.json) {
      const doc = {
        release: plan.release,
        namespace: plan.namespace,
        steps: out.results.map((r) => ({ id: r.id, kind: r.kind, status: r.status, summary: r.summary, evidence: r.evidence })),
        gatesFailed: out.gatesFailed,
      };
      process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    } else {
      process.stdout.write(out.gatesFailed.length ? `preflight failed: ${out.gatesFailed.join(', ')}\n` : 'preflight passed\n');
    }
    return out.gatesFailed.length ? 1 : 0;
  } finally {
    await session?.stop();
  }
}
