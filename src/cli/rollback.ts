// `helmdeck rollback RELEASE [REVISION] --headless --yes`: `helm rollback
// --wait` to the given revision, or to the last revision that was deployed
// before the current one (read from the live history, not guessed as N-1:
// a failed revision in between was never running). The command is shown
// before it runs and journaled with its outcome.
import { parseArgs } from 'node:util';
import { openJournal, type Journal } from '../journal/open-journal.js';
import { previousDeployed, watchInterrupt } from '../engine/helm-run.js';
import { checkJournalDir, createWindowFor, kubeconfigContext, openSession, parseMs, type Session } from './session.js';
import { releaseRevisions } from '../store/index.js';
import { checkNamespace, checkRelease } from './names.js';
import { commandConfig } from './command-config.js';
import { UsageError } from './usage-error.js';
import { defaultRunbook } from '../runbook/default-runbook.js';
import type { ReleasePlan } from '../runbook/types.js';
import { DEFAULT_OBSERVE_MS } from '../runbook/upgrade-flags.js';
import { askRollbackTo } from '../ui/window-actions.js';
import { cockpitFlagOptions, cockpitSetup, requireTerminal, type CockpitFlags, type CockpitSetup } from './cockpit-setup.js';
import { runWindowCockpit } from './open-cockpit.js';
import { checkShareFlags, REFUSED, refuse, shareFlagOptions, shareOrRefuse, type WindowSharing } from './share-flags.js';
import { WindowHeldError } from '../share/window-lease.js';

export const rollbackUsage = `Usage: helmdeck rollback RELEASE [REVISION] [-n NS] [--context C] [--kubeconfig K] [--helm PATH] [--wait-timeout 5m]
                         [--observe 2m] [--headless --yes] [--journal DIR] [--theme T] [--config FILE] [--no-share] [--take-over REASON]
  Without REVISION: the last revision deployed before the current one. Interactive, the cockpit opens with the
  rollback's command, diff and warnings, and asks; --headless --yes rolls back without asking. Verify then
  observes the rolled-back revision for --observe (default 2m): a restart or a failing pod fails it (exit 1).
  Like upgrade, the window holds the release's Lease and is mirrored in the cluster (--no-share: neither).`;

/** Runs the rollback command; returns the exit code. */
export async function rollbackCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      namespace: { type: 'string', short: 'n' },
      context: { type: 'string' },
      kubeconfig: { type: 'string' },
      helm: { type: 'string' },
      timeout: { type: 'string' },
      'wait-timeout': { type: 'string' },
      observe: { type: 'string' },
      journal: { type: 'string' },
      headless: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
      ...cockpitFlagOptions,
      ...shareFlagOptions,
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(rollbackUsage + '\n');
    return 0;
  }
  if (values.headless && !values.yes) throw new UsageError('--headless needs --yes: nothing asks for confirmation');
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError(`rollback: expected RELEASE [REVISION]\n${rollbackUsage}`);
  const release = positionals[0]!;
  checkRelease(release);
  checkNamespace(values.namespace);
  let revision: number | undefined;
  if (positionals[1] !== undefined) {
    revision = Number(positionals[1]);
    if (!/^\d+$/.test(positionals[1]) || revision < 1) throw new UsageError(`rollback: REVISION must be a positive integer, got "${positionals[1]}"`);
  }
  const syncMs = parseMs(values.timeout, 30_000);
  const waitMs = parseMs(values['wait-timeout'], 5 * 60_000, '--wait-timeout');
  const observeMs = parseMs(values.observe, DEFAULT_OBSERVE_MS, '--observe');
  const print = (line: string): void => void process.stdout.write(line + '\n');
  if (!values.headless) requireTerminal();
  checkJournalDir(values.journal);
  checkShareFlags(values);

  let session: Session | undefined;
  let journal: Journal | undefined;
  let sharing: WindowSharing | undefined;
  let closing = 'ended';
  const abort = new AbortController();
  const stopWatching = watchInterrupt(() => abort.abort());
  try {
    // A bad config or theme is reported before connecting, as upgrade does.
    const setup = values.headless ? undefined : cockpitSetup(values, kubeconfigContext(values));
    const { config, lagSources } = setup ?? commandConfig(values);
    session = await openSession(values, values.namespace, syncMs, { lagSources, logLines: config.logs.bufferLines });
    const namespace = session.conn.namespace;
    const revs = releaseRevisions(session.store.getState(), release, namespace);
    const current = revs.at(-1);
    if (!current) {
      process.stderr.write(`helmdeck: release "${release}" not found in namespace "${namespace}" (context ${session.conn.context})\n`);
      return 1;
    }
    if (revision === undefined) {
      const prev = previousDeployed(revs);
      if (!prev) {
        process.stderr.write(`helmdeck: release "${release}" has no earlier deployed revision to roll back to (current: ${current.revision})\n`);
        return 1;
      }
      revision = prev.revision;
    } else if (!revs.some((r) => r.revision === revision)) {
      process.stderr.write(`helmdeck: release "${release}" has no revision ${revision} (history: ${revs.map((r) => r.revision).join(', ')})\n`);
      return 1;
    }

    journal = await openJournal({ ...(values.journal ? { dir: values.journal } : {}), window: { release, namespace, context: session.conn.context } });
    print(`journal: ${journal.path}`);
    // Before any step: the release's Lease, or the holder named.
    const shared = await shareOrRefuse({ flags: values, config, conn: session.conn, releases: [{ release, namespace }], journal, ...(setup ? {} : { print }) });
    if (shared instanceof WindowHeldError) {
      closing = REFUSED;
      return await refuse('rollback', shared, { interactive: !!setup, journal, flags: values, session });
    }
    sharing = shared;
    if (setup) return await interactiveRollback(session, setup, release, namespace, revision, waitMs, values, journal, shared);
    // The same window controller as the cockpit's: helm rollback, then verify observes the revision it wrote.
    const win = createWindowFor([rollbackPlan(release, namespace, waitMs, observeMs)], session, { upgradePlanned: false, interactive: false, journal, onLine: print });
    shared.attach(win);
    print(`rollback ${release} from revision ${current.revision} (${current.status}) to ${revision}`);
    const stopCancel = () => void win.cancel();
    abort.signal.addEventListener('abort', stopCancel, { once: true });
    const ok = await win.rollback(revision).catch((err: unknown) => {
      print(`✗ rollback failed: ${(err as Error).message}`);
      return false;
    });
    const phase = win.store.getState().releases[0]!.phase;
    await win.close(ok ? 'completed' : phase === 'rollback-failed' && win.store.getState().rows.some((r) => r.stage === 'verify' && r.state === 'failed') ? 'verify failed' : 'rollback failed');
    return ok ? 0 : 1;
  } finally {
    stopWatching();
    closing = sharing?.ending() ?? closing;
    await journal?.close(closing).catch(() => undefined);
    await sharing?.share?.close(closing).catch(() => undefined);
    await session?.stop();
  }
}

// The cockpit on the release with the rollback asked at once: R's prompt for
// the last good revision, or the picked revision's diff and warnings.
async function interactiveRollback(
  session: Session, setup: CockpitSetup, release: string, namespace: string, revision: number, waitMs: number, flags: CockpitFlags & { observe?: string },
  journal: Journal, sharing: WindowSharing,
): Promise<number> {
  const plan = rollbackPlan(release, namespace, waitMs, parseMs(flags.observe, DEFAULT_OBSERVE_MS, '--observe'));
  const w = createWindowFor([plan], session, { upgradePlanned: false, interactive: true, journal });
  sharing.attach(w);
  return runWindowCockpit({
    setup, store: session.store, model: session.model, context: session.conn.context, release, namespace, window: w,
    onCockpit: (c) => askRollbackTo(c, w, revision),
  });
}

/** The built-in runbook's verify for a rollback: `helm rollback --wait`, then the rolled-back revision observed for `observeMs`. */
function rollbackPlan(release: string, namespace: string, waitMs: number, observeMs: number): ReleasePlan {
  return { ...defaultRunbook({ release, namespace, chart: '' }).releases[0]!, upgrade: { flags: [], timeoutMs: waitMs, observeMs, onVerifyFailure: 'stop' } };
}
