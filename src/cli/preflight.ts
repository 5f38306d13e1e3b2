// `helmdeck preflight RELEASE CHART`: the runbook's preflight steps without
// the cockpit, for CI and a scripted go/no-go. One line per step (or JSON),
// exit 0 when every gate passes, 1 when one fails, 2 when helmdeck could not
// even judge (usage, runbook, cluster).
import { parseArgs } from 'node:util';
import { openJournal, type Journal } from '../journal/open-journal.js';
import { scrub } from '../journal/scrub.js';
import { checkAcks, checkJournalDir, createWindowFor, journalWindow, kubeconfigNamespace, openSession, parseAcks, parseMs, resolvePlans, targetFlagOptions, type Session } from './session.js';
import { commandConfig, configFlagOptions } from './command-config.js';
import { UsageError } from './usage-error.js';

export const preflightUsage = `Usage: helmdeck preflight RELEASE CHART [-n NS] [-f FILE]... [--set K=V]... [--version V] [--runbook FILE]
                          [--ack all|ID,...] [--json] [--journal DIR] [--context C] [--kubeconfig K] [--helm PATH] [--timeout 30s]
                          [--config FILE] [--lag SOURCE=URL]...
  CHART may be omitted when --runbook names it; RELEASE too, for every release of the runbook.
  Exit 0: every gate passed; 1: a gate failed; 2: usage or cluster error. The results are journaled.`;

/** Runs the preflight command; returns the exit code. */
export async function preflightCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...targetFlagOptions, ...configFlagOptions, json: { type: 'boolean' }, journal: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(preflightUsage + '\n');
    return 0;
  }
  if (positionals.length > 2) throw new UsageError(`preflight: expected RELEASE and CHART\n${preflightUsage}`);
  const syncMs = parseMs(values.timeout, 30_000);
  if (positionals[0] === undefined && values.runbook === undefined) throw new UsageError(`expected RELEASE and CHART\n${preflightUsage}`);
  const plans = resolvePlans(positionals[0], positionals[1], values, () => kubeconfigNamespace(values));
  const acks = parseAcks(values.ack);
  checkAcks(acks, plans);
  checkJournalDir(values.journal);
  // A broken config file is refused here, as the cockpit refuses it.
  const { lagSources } = commandConfig(values);
  const print = (line: string): void => void process.stdout.write(line + '\n');
  let session: Session | undefined;
  let journal: Journal | undefined;
  try {
    session = await openSession(values, plans[0]!.namespace, syncMs, { allNamespaces: new Set(plans.map((p) => p.namespace)).size > 1, lagSources });
    // The go/no-go is part of the change record too.
    journal = await openJournal({ ...(values.journal ? { dir: values.journal } : {}), window: journalWindow(plans, session) });
    if (!values.json) print(`journal: ${journal.path}`);
    const w = createWindowFor(plans, session, { upgradePlanned: true, interactive: false, acks, journal, ...(values.json ? {} : { onLine: print }) });
    for (let i = 0; i < plans.length; i++) await w.runPreflight(i);
    const rows = w.store.getState().rows.filter((r) => r.stage === 'preflight');
    const gatesFailed = rows.filter((r) => r.state === 'failed').map((r) => r.step.id);
    await w.close(gatesFailed.length ? 'preflight failed' : 'preflight passed');
    if (values.json) {
      const steps = rows.map((r) => ({
        ...(plans.length > 1 ? { release: plans[r.releaseIndex]!.release } : {}),
        id: r.step.id, kind: r.step.kind, status: r.result?.status ?? 'skip', summary: r.result?.summary ?? 'not run', evidence: r.result?.evidence ?? [],
        ...(r.result?.override ? { override: r.result.override } : {}),
      }));
      const doc = { release: plans.map((p) => p.release).join(','), namespace: plans.map((p) => p.namespace).join(','), steps, gatesFailed, journal: journal.path };
      process.stdout.write(JSON.stringify(scrub(doc), null, 2) + '\n');
    } else {
      print(gatesFailed.length ? `preflight failed: ${gatesFailed.join(', ')}` : 'preflight passed');
    }
    return gatesFailed.length ? 1 : 0;
  } finally {
    await journal?.close('ended').catch(() => undefined);
    await session?.stop();
  }
}
