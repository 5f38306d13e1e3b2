// `helmdeck upgrade RELEASE CHART --headless --yes`: the whole window without
// the cockpit — preflight gates, the exact helm command, helm's own output,
// then the verify steps — every step, override and command in the journal.
// Interactive use goes through the cockpit; headless needs --yes because
// nothing is there to ask for confirmation.
import { parseArgs } from 'node:util';
import { displayCommand } from '../helm/actions/display-command.js';
import { upgradeArgv } from '../helm/actions/helm-argv.js';
import { runHelm } from '../helm/actions/run-helm.js';
import { summarizeDiff, type ReleaseDiff } from '../helm/diff/diff-release.js';
import { openJournal, type Journal } from '../journal/open-journal.js';
import { formatStepLine, runSteps } from '../engine/run-steps.js';
import { checkContext, openSession, parseAcks, parseMs, targetFlagOptions, upgradeSpec, type Session } from './session.js';
import { waitForRevision, watchInterrupt } from '../engine/helm-run.js';
import { releaseRevisions } from '../store/index.js';
import { planFromArgs, runPreflight } from './preflight.js';
import { UsageError } from './usage-error.js';

export const upgradeUsage = `Usage: helmdeck upgrade RELEASE CHART --headless --yes [-n NS] [-f FILE]... [--set K=V]... [--version V] [--runbook FILE]
                        [--ack all|ID,...] [--override ID=REASON]... [--context C] [--kubeconfig K] [--helm PATH]
  Runs the preflight gates, helm upgrade (the runbook's upgrade.flags) and the verify steps, journaling each.`;

/** Parses --override ID=REASON (repeatable); the reason is required. */
export function parseOverrides(specs: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of specs ?? []) {
    const eq = spec.indexOf('=');
    const id = eq < 0 ? '' : spec.slice(0, eq).trim();
    const reason = eq < 0 ? '' : spec.slice(eq + 1).trim();
    if (!id || !reason) throw new UsageError(`--override ${spec}: expected STEP-ID=REASON (the reason is journaled)`);
    out.set(id, reason);
  }
  return out;
}

/** Runs the upgrade command; returns the exit code. */
export async function upgradeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...targetFlagOptions,
      headless: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      override: { type: 'string', multiple: true },
      journal: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(upgradeUsage + '\n');
    return 0;
  }
  if (!values.headless) throw new UsageError('the interactive upgrade is not available yet; use --headless --yes');
  if (!values.yes) throw new UsageError('--headless needs --yes: nothing asks for confirmation');
  if (positionals.length > 2) throw new UsageError(`upgrade: expected RELEASE and CHART\n${upgradeUsage}`);
  const overrides = parseOverrides(values.override);
  parseAcks(values.ack);
  const syncMs = parseMs(values.timeout, 30_000);
  const plan = planFromArgs(positionals[0], positionals[1], values, upgradeUsage);
  const print = (line: string): void => void process.stdout.write(line + '\n');

  let session: Session | undefined;
  let journal: Journal | undefined;
  const abort = new AbortController();
  const stopWatching = watchInterrupt(() => abort.abort());
  try {
    session = await openSession(values, plan.namespace, syncMs);
    journal = await openJournal({ ...(values.journal ? { dir: values.journal } : {}), window: { release: plan.release, namespace: plan.namespace, context: session.conn.context } });
    print(`journal: ${journal.path}`);
    const j = journal;

    print(`preflight ${plan.release} (namespace ${plan.namespace}, context ${session.conn.context})`);
    let diff: ReleaseDiff | undefined;
    const pre = await runPreflight(plan, session, { flags: values, overrides, journal: j, print, signal: abort.signal, onDiff: (d) => (diff = d) });
    if (diff) await j.diff(summarizeDiff(diff));
    const unknownOverrides = [...overrides.keys()].filter((id) => !plan.preflight.some((s) => s.id === id));
    if (unknownOverrides.length) print(`! --override names no preflight step: ${unknownOverrides.join(', ')}`);
    if (pre.gatesFailed.length || abort.signal.aborted) {
      const why = abort.signal.aborted ? 'interrupted' : `gate(s) failed: ${pre.gatesFailed.join(', ')} (fix them, or --override ID=REASON)`;
      print(`upgrade not started: ${why}`);
      await j.note(`upgrade not started: ${why}`);
      await j.close('preflight failed');
      return 1;
    }

    const argv = upgradeArgv(upgradeSpec(plan, session));
    const before = releaseRevisions(session.store.getState(), plan.release, plan.namespace).at(-1)?.revision ?? 0;
    print(`$ ${displayCommand(argv, { mask: true })}`);
    const run = runHelm(session.helmPath, argv, { env: session.helmEnv, signal: abort.signal, onLine: (_stream, line) => print(`  helm| ${line}`) });
    const result = await run;
    await j.command({ title: `upgrade ${plan.release}`, argv, exitCode: result.exitCode, ...(result.signal ? { signal: result.signal } : {}), interrupted: result.interrupted, durationMs: result.durationMs, output: [result.stdout, result.stderr].join('\n') });
    const rev = await waitForRevision(session.store, plan.release, plan.namespace, before, 10_000);
    if (result.exitCode !== 0) {
      const message = result.spawnError ?? (result.interrupted ? 'interrupted' : `helm exited ${result.exitCode ?? result.signal}`);
      await j.outcome({ action: 'upgrade', status: result.interrupted ? 'interrupted' : 'failed', ...(rev ? { revision: rev.revision } : {}), message });
      print(`✗ upgrade failed: ${message}${rev ? ` (release at revision ${rev.revision}, ${rev.status})` : ''}`);
      await j.close('upgrade failed');
      return 1;
    }
    await j.outcome({ action: 'upgrade', status: 'succeeded', ...(rev ? { revision: rev.revision } : {}), message: 'helm upgrade succeeded' });
    print(`✓ upgrade applied${rev ? `: revision ${rev.revision}` : ''}`);

    print('verify');
    const verify = await runSteps(plan.verify, checkContext(plan, session, { signal: abort.signal }), { acks: parseAcks(values.ack), journal: j, onResult: (r) => print(formatStepLine(r)) });
    const failed = verify.results.filter((r) => r.status === 'fail').map((r) => r.id);
    print(failed.length ? `verify failed: ${failed.join(', ')}` : 'verify passed');
    await j.close(failed.length ? 'verify failed' : 'completed');
    return failed.length ? 1 : 0;
  } finally {
    stopWatching();
    await journal?.close('ended').catch(() => undefined);
    await session?.stop();
  }
}
