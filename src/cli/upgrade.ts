// `helmdeck upgrade RELEASE CHART`: the maintenance window. Interactive, the
// cockpit opens with the checklist running the preflight; U shows the exact
// helm command and asks, the rollout is followed live, verify runs after,
// and R rolls back. Headless (--headless --yes), the same window controller
// runs the same steps with a line per step, for pipelines. Either way every
// step, override and command goes to the journal.
import { parseArgs } from 'node:util';
import { openJournal, type Journal } from '../journal/open-journal.js';
import type { UpgradeWindow } from '../engine/window.js';
import { watchInterrupt } from '../engine/helm-run.js';
import type { ReleasePlan } from '../runbook/types.js';
import { rollsBackOnFailure } from '../runbook/upgrade-flags.js';
import { cockpitFlagOptions, cockpitSetup, requireTerminal } from './cockpit-setup.js';
import { runWindowCockpit } from './open-cockpit.js';
import { checkAcks, checkJournalDir, checkOverrides, createWindowFor, journalWindow, kubeconfigContext, kubeconfigNamespace, openSession, parseAcks, parseMs, resolvePlans, targetFlagOptions, type Session } from './session.js';
import { commandConfig } from './command-config.js';
import { checkShareFlags, REFUSED, refuse, shareFlagOptions, shareOrRefuse, TAKEN_OVER, type WindowSharing } from './share-flags.js';
import { UsageError } from './usage-error.js';
import { WindowHeldError } from '../share/window-lease.js';

export const upgradeUsage = `Usage: helmdeck upgrade RELEASE CHART [-n NS] [-f FILE]... [--set K=V]... [--version V] [--runbook FILE]
                        [--ack all|ID,...] [--override ID=REASON]... [--context C] [--kubeconfig K] [--helm PATH]
                        [--observe 2m] [--headless --yes [--no-fail-fast]] [--journal DIR] [--theme T] [--config FILE] [--lag SOURCE=URL]...
                        [--no-share] [--take-over REASON]
       helmdeck upgrade --runbook FILE [...]        every release of the runbook, in order
  Opens the cockpit with the runbook's checklist: preflight gates, U runs helm upgrade (shown first, then asked),
  verify observes the new revision (--observe, else the runbook's upgrade.observe, default 2m), R rolls back. --headless --yes runs the same steps
  without the screen, a line per step; it interrupts helm (SIGINT) as soon as pods of the new revision cannot start
  (--no-fail-fast waits for helm instead), and a failed verify exits 1 after stopping or rolling back
  (upgrade.on-verify-failure). The window holds a Lease per release in the cluster and mirrors its journal there
  (helmdeck follow, report --release); a window another operator holds is refused (--take-over REASON takes it;
  --no-share or share.enabled: false in the config turns sharing off).`;

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
      ...cockpitFlagOptions,
      ...shareFlagOptions,
      headless: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      override: { type: 'string', multiple: true },
      'no-fail-fast': { type: 'boolean' },
      observe: { type: 'string' },
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
  if (values.headless && !values.yes) throw new UsageError('--headless needs --yes: nothing asks for confirmation');
  if (positionals.length > 2) throw new UsageError(`upgrade: expected RELEASE and CHART\n${upgradeUsage}`);
  const overrides = parseOverrides(values.override);
  const acks = parseAcks(values.ack);
  const syncMs = parseMs(values.timeout, 30_000);
  if (positionals[0] === undefined && values.runbook === undefined) throw new UsageError(`expected RELEASE and CHART\n${upgradeUsage}`);
  const observeMs = values.observe === undefined ? undefined : parseMs(values.observe, 0, '--observe');
  const plans = resolvePlans(positionals[0], positionals[1], values, () => kubeconfigNamespace(values))
    .map((p) => (observeMs === undefined ? p : { ...p, upgrade: { ...p.upgrade, observeMs } }));
  checkOverrides(overrides.keys(), plans);
  checkAcks(acks, plans);
  checkJournalDir(values.journal);
  checkShareFlags(values);
  if (!values.headless) requireTerminal();
  const allNamespaces = new Set(plans.map((p) => p.namespace)).size > 1;

  // Bad theme, config or lag flags are refused before anything connects.
  const setup = values.headless ? undefined : cockpitSetup(values, kubeconfigContext(values));
  // Headless reads the same config file and lag sources, and refuses a broken file the same way.
  const { config, lagSources } = setup ?? commandConfig(values);
  let session: Session | undefined;
  let journal: Journal | undefined;
  let sharing: WindowSharing | undefined;
  let closing = 'ended';
  try {
    session = await openSession(values, plans[0]!.namespace, syncMs, { allNamespaces, lagSources, logLines: config.logs.bufferLines });
    journal = await openJournal({ ...(values.journal ? { dir: values.journal } : {}), window: journalWindow(plans, session) });
    process.stdout.write(`journal: ${journal.path}\n`);
    const print = (line: string): void => void process.stdout.write(line + '\n');
    // Before any step: the window's Leases, or the holder named.
    const shared = await shareOrRefuse({ flags: values, config, conn: session.conn, releases: plans, journal, ...(setup ? {} : { print }) });
    if (shared instanceof WindowHeldError) {
      closing = REFUSED;
      return await refuse('upgrade', shared, { interactive: !!setup, journal, flags: values, session });
    }
    sharing = shared;
    // Taken over by another window: nothing more runs here (a helm already running ends on its own).
    const lost = shared.lost;
    let w: UpgradeWindow | undefined;
    if (!setup) {
      // Fail fast: helm waiting out its --timeout will not start these pods; SIGINT lets --rollback-on-failure act now.
      const onFailFast = values['no-fail-fast'] ? undefined : (): void => {
        const plan = w!.currentPlan();
        print(`! fail fast: interrupting helm (SIGINT)${plan && rollsBackOnFailure(plan.upgrade.flags) ? '; --rollback-on-failure rolls the release back' : ''} — --no-fail-fast waits instead`);
        void w!.interrupt();
      };
      w = createWindowFor(plans, session, { upgradePlanned: true, interactive: false, acks, overrides, journal, onLine: print, ...(onFailFast ? { onFailFast } : {}) });
      sharing.attach(w);
      return await runHeadless(w, plans, print, lost, () => shared.ending() ?? TAKEN_OVER);
    }
    w = createWindowFor(plans, session, { upgradePlanned: true, interactive: true, acks, overrides, journal });
    sharing.attach(w);
    const first = plans[0]!;
    const window = w;
    return await runWindowCockpit({
      setup, store: session.store, model: session.model, context: session.conn.context, release: first.release, namespace: first.namespace, window,
      onStart: () => void window.runPreflight().catch(() => undefined),
    });
  } finally {
    closing = sharing?.ending() ?? closing;
    await journal?.close(closing).catch(() => undefined);
    // After the journal's last line, so the cluster copy ends as the file does.
    await sharing?.share?.close(closing).catch(() => undefined);
    await session?.stop();
  }
}

// Every release in order: preflight, upgrade, verify; the first failure ends the window.
async function runHeadless(w: UpgradeWindow, plans: ReleasePlan[], print: (line: string) => void, lost: () => string | undefined, ending: () => string): Promise<number> {
  let interrupted = false;
  const stopWatching = watchInterrupt(() => {
    interrupted = true;
    void w.cancel();
  });
  try {
    await w.runPreflight();
    for (;;) {
      const s = w.store.getState();
      const rel = s.releases[s.current]!;
      if (rel.phase !== 'ready' || interrupted || lost()) {
        const failed = s.rows.filter((r) => r.releaseIndex === s.current && r.stage === 'preflight' && r.state === 'failed').map((r) => r.step.id);
        const why = lost() ? lost() : interrupted ? 'interrupted' : failed.length ? `gate(s) failed: ${failed.join(', ')} (fix them, or --override ID=REASON)` : (rel.message ?? rel.phase);
        print(`upgrade not started: ${why}${plans.length > 1 ? ` (release ${rel.plan.release}, ${s.current + 1} of ${plans.length})` : ''}`);
        await w.close(lost() ? ending() : interrupted ? 'interrupted' : 'preflight failed');
        return 1;
      }
      const ok = await w.upgrade().catch((e: unknown) => {
        if (lost()) return false;
        throw e;
      });
      const after = w.store.getState();
      // Taken over: the other window decides what happens to the release now.
      if (lost()) {
        await w.close(ending());
        return 1;
      }
      if (!ok) {
        await w.close(await afterFailure(w, print));
        return 1;
      }
      if (after.current === s.current) break;
    }
    await w.close(plans.length > 1 ? `completed: ${plans.map((p) => p.release).join(', ')}` : 'completed');
    return 0;
  } finally {
    stopWatching();
  }
}

// After a failed upgrade or verify, headless: say where the release stands and
// what to run; with upgrade.on-verify-failure: rollback, run it (and verify
// the rolled-back revision). Returns the window's closing reason.
async function afterFailure(w: UpgradeWindow, print: (line: string) => void): Promise<string> {
  const s = w.store.getState();
  const rel = s.releases[s.current]!;
  const plan = rel.plan;
  const target = w.rollbackTarget();
  if (rel.phase === 'rolled-back') return 'upgrade failed; rolled back by helm';
  if (rel.phase === 'rollback-failed') return 'upgrade failed; the rollback by helm did not verify';
  if (rel.phase !== 'verify-failed') {
    if (target && !rollsBackOnFailure(plan.upgrade.flags)) print(`  to roll back: ${w.rollbackCommand(target.revision)}`);
    return 'upgrade failed';
  }
  if (!target) {
    print('  no earlier deployed revision to roll back to');
    return 'verify failed';
  }
  if (plan.upgrade.onVerifyFailure === 'stop') {
    print(`verify failed: the release is left at the new revision (upgrade.on-verify-failure: stop). To roll back:`);
    print(`  ${w.rollbackCommand(target.revision)}`);
    return 'verify failed';
  }
  print(`verify failed: rolling back to revision ${target.revision} (upgrade.on-verify-failure: rollback)`);
  const ok = await w.rollback(target.revision, 'verify failed').catch((err: unknown) => {
    print(`✗ rollback failed: ${(err as Error).message}`);
    return false;
  });
  return ok ? 'verify failed; rolled back' : 'verify failed; the rollback failed';
}
