// The maintenance window as a state machine: for each release of the
// runbook, in order, preflight steps (gates, acknowledgements, overrides),
// the helm upgrade, live fail-fast on pods that cannot start, the verify
// steps, then the next release — and a rollback at any point, followed by
// verify again. The cockpit and the headless commands drive the same
// controller, so what a pipeline records is what the operator would see.
// Its state lives in a small vanilla Zustand store the checklist pane reads.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { displayCommand } from '../helm/actions/display-command.js';
import { rollbackArgv } from '../helm/actions/helm-argv.js';
import { runHelm, type HelmRun, type HelmRunResult } from '../helm/actions/run-helm.js';
import type { HelmRevision } from '../helm/release-types.js';
import type { DiffSummary } from '../helm/diff/diff-release.js';
import type { Journal } from '../journal/open-journal.js';
import { scrubText } from '../journal/scrub.js';
import { runCheck, type CheckContext } from '../runbook/checks/index.js';
import type { ReleasePlan, Step, StepResult } from '../runbook/types.js';
import { releaseRevisions, type DeckStore } from '../store/index.js';
import { failingNewPods } from './fail-fast.js';
import { previousDeployed, waitForRevision } from './helm-run.js';
import { formatStepLine, isAcked, judgeResult, type Acks } from './run-steps.js';

/** Where a step of the checklist stands. */
export type RowState = 'pending' | 'running' | 'passed' | 'failed' | 'warned' | 'skipped' | 'acknowledged' | 'overridden';

/** One step of one release, as the checklist shows it. */
export interface StepRow {
  /** Unique in the window: release index, stage and step id. */
  key: string;
  releaseIndex: number;
  stage: 'preflight' | 'verify';
  step: Step;
  state: RowState;
  result?: StepResult;
}

/** Where one release of the window stands. */
export type ReleasePhase =
  | 'watching' // nothing to upgrade (watch, rollback): only R and r
  | 'waiting' // an earlier release is not done yet
  | 'preflight' // checks running
  | 'blocked' // a gate failed, or a manual step waits for its acknowledgement
  | 'ready' // every gate passed: the upgrade may start
  | 'upgrading'
  | 'upgrade-failed'
  | 'verifying'
  | 'verified'
  | 'verify-failed'
  | 'rolling-back'
  | 'rolled-back'
  | 'rollback-failed';

/** One release of the window. */
export interface ReleaseState {
  plan: ReleasePlan;
  phase: ReleasePhase;
  /** One line on what happened last (helm's error, the revision reached…). */
  message?: string;
}

/** The helm command running now, or the last one. */
export interface HelmActivity {
  title: string;
  /** The exact command line, credentials masked. */
  command: string;
  /** helm's output so far, newest last (bounded). */
  output: string[];
  startedAt: number;
  endedAt?: number;
  exitCode?: number | null;
  interrupted?: boolean;
}

/** Everything the checklist pane and the dispatcher read. */
export interface WindowState {
  releases: ReleaseState[];
  current: number;
  rows: StepRow[];
  /** Whether the window has a chart to upgrade to (false: watch, rollback only). */
  upgradePlanned: boolean;
  /** Set while helm runs: one mutation at a time. */
  busy?: string;
  helm?: HelmActivity;
  journalPath?: string;
}

/** A store of the window's state. */
export type WindowStore = StoreApi<WindowState>;

/** What the controller is given. */
export interface WindowDeps {
  plans: ReleasePlan[];
  upgradePlanned: boolean;
  store: DeckStore;
  helmPath: string;
  helmEnv: Record<string, string>;
  /** The check context of a release (render and diff computed lazily, once). */
  contextFor(plan: ReleasePlan, signal: AbortSignal): CheckContext;
  /** helm upgrade's argv for a release. */
  upgradeArgv(plan: ReleasePlan): string[];
  /** helm's --kube-context for rollbacks. */
  context: string;
  /** The journal, opened on first use (a watch that never mutates writes none). */
  journal(): Promise<Journal>;
  acks?: Acks;
  overrides?: ReadonlyMap<string, string>;
  /** true: a manual step waits for a key; false (headless): it fails unless acknowledged by --ack. */
  interactive: boolean;
  /** Lines for a headless run to print (step results, commands, helm output). */
  onLine?: (line: string) => void;
  /** Called once when pods of the new revision fail while the upgrade runs. */
  onFailFast?: (pods: string[]) => void;
  /** Called with the diff summary when a diff step computed one. */
  diffSummary?: () => DiffSummary | undefined;
  now?: () => number;
}

/** The controller. */
export interface UpgradeWindow {
  store: WindowStore;
  /** Runs the preflight of the current release, or of release `index` (every step again). */
  runPreflight(index?: number): Promise<void>;
  /** Acknowledges a manual step waiting for it. */
  ack(key: string, by?: string): Promise<void>;
  /** Runs one step again. */
  retry(key: string): Promise<void>;
  /** Lets a failed gate pass; the reason is journaled. */
  override(key: string, reason: string): Promise<void>;
  /** Why the current release's upgrade cannot start now; undefined when it can. */
  upgradeBlocked(): string | undefined;
  /** The exact helm command the upgrade key runs, as shown (masked). */
  upgradeCommand(): string;
  /** Runs helm upgrade, then verify, then the next release's preflight; true when it ended verified. */
  upgrade(): Promise<boolean>;
  /** The revision a rollback without one returns to. */
  rollbackTarget(): HelmRevision | undefined;
  /** The exact rollback command for a revision, as shown. */
  rollbackCommand(revision: number): string;
  /** Interrupts a running helm (SIGINT), then rolls back to `revision` (default: the last good one) and verifies. */
  rollback(revision?: number, why?: string): Promise<boolean>;
  /** SIGINT to a running helm; resolves when it has exited and its outcome is journaled. */
  interrupt(): Promise<void>;
  /** The release the window works on now. */
  currentPlan(): ReleasePlan | undefined;
  /** Stops everything: checks are cancelled and a running helm interrupted (SIGINT). */
  cancel(): Promise<void>;
  /** Who is told when pods of the new revision fail (the cockpit's prompt). */
  setFailFastHandler(handler: (pods: string[]) => void): void;
  /** Writes window-end. */
  close(reason: string): Promise<void>;
}

const OUTPUT_LINES = 200;

/** Creates the window controller; nothing runs until runPreflight/upgrade/rollback. */
export function createUpgradeWindow(deps: WindowDeps): UpgradeWindow {
  const now = deps.now ?? Date.now;
  const rows: StepRow[] = deps.plans.flatMap((plan, i) => [
    // A window with nothing to upgrade (watch, rollback) has only the verify that follows a rollback.
    ...(deps.upgradePlanned ? plan.preflight : []).map((step): StepRow => ({ key: `${i}:preflight:${step.id}`, releaseIndex: i, stage: 'preflight', step, state: 'pending' })),
    ...plan.verify.map((step): StepRow => ({ key: `${i}:verify:${step.id}`, releaseIndex: i, stage: 'verify', step, state: 'pending' })),
  ]);
  const store = createStore<WindowState>()(() => ({
    releases: deps.plans.map((plan, i): ReleaseState =>
      !deps.upgradePlanned
        ? { plan, phase: 'watching', message: 'nothing to upgrade here: R rolls back, r in Helm history picks a revision; verify runs after' }
        : { plan, phase: i === 0 ? 'preflight' : 'waiting' }),
    current: 0,
    rows,
    upgradePlanned: deps.upgradePlanned,
  }));
  const print = (line: string): void => deps.onLine?.(line);
  let journal: Promise<Journal> | undefined;
  const journaled = async (write: (j: Journal) => Promise<unknown>): Promise<void> => {
    journal ??= deps.journal().then((j) => {
      store.setState({ journalPath: j.path });
      return j;
    });
    await write(await journal);
  };
  // One abort controller per release for its checks; helm has its own.
  const checkAborts = new Map<number, AbortController>();
  const abortFor = (i: number): AbortController => {
    let a = checkAborts.get(i);
    if (!a) checkAborts.set(i, (a = new AbortController()));
    return a;
  };
  const contexts = new Map<number, CheckContext>();
  const ctxFor = (i: number): CheckContext => {
    let c = contexts.get(i);
    if (!c) contexts.set(i, (c = deps.contextFor(deps.plans[i]!, abortFor(i).signal)));
    return c;
  };
  let helmRun: { run: HelmRun; done: Promise<unknown> } | undefined;
  let failFastHandler = deps.onFailFast;
  // The revision each release's upgrade wrote (the one after the revision it started from).
  const upgradeRevision = new Map<number, number>();
  // The upgrade's whole run (helm, then its bookkeeping), so an interrupt can wait for the outcome.
  let upgrading: Promise<unknown> | undefined;

  const setRow = (key: string, patch: Partial<StepRow>): void =>
    store.setState((s) => ({ rows: s.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
  const setRelease = (i: number, patch: Partial<ReleaseState>): void =>
    store.setState((s) => ({ releases: s.releases.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  const rowsOf = (i: number, stage: StepRow['stage']): StepRow[] => store.getState().rows.filter((r) => r.releaseIndex === i && r.stage === stage);

  const stateOf = (result: StepResult): RowState =>
    result.override ? 'overridden' : result.status === 'pass' ? 'passed' : result.status === 'fail' ? 'failed' : result.status === 'warn' ? 'warned' : 'skipped';

  // Runs one step and records its result; a manual step in the cockpit waits for its key instead.
  // Checks still running, so closing the window waits for their journal entries instead of cutting them off.
  const inflight = new Set<Promise<void>>();
  const runRow = (row: StepRow): Promise<void> => {
    const p = runRowNow(row).finally(() => inflight.delete(p));
    inflight.add(p);
    return p;
  };
  const runRowNow = async (row: StepRow): Promise<void> => {
    setRow(row.key, { state: 'running' });
    const ctx = ctxFor(row.releaseIndex);
    const raw = await runCheck(row.step, ctx);
    const acked = isAcked(deps.acks, row.step.id);
    if (row.step.kind === 'manual' && deps.interactive && !acked && raw.status === 'skip' && !ctx.signal?.aborted) {
      setRow(row.key, { state: 'pending', result: { ...raw, summary: 'waiting for acknowledgement (space)' } });
      print(`… ${row.step.id}  waiting for acknowledgement`);
      return;
    }
    const reason = deps.overrides?.get(row.step.id);
    const result = judgeResult(row.step, raw, { acked, ...(reason !== undefined ? { overrideReason: reason } : {}), now: now(), cancelled: ctx.signal?.aborted === true });
    if (result.override) await journaled((j) => j.override(row.step.id, result.override!.reason));
    await journaled((j) => j.stepResult(result));
    setRow(row.key, { state: stateOf(result), result });
    print(formatStepLine(result));
  };

  const blockedWhy = (i: number): string | undefined => {
    const pre = rowsOf(i, 'preflight');
    const running = pre.filter((r) => r.state === 'running');
    if (running.length) return `preflight is running (${running.map((r) => r.step.id).join(', ')})`;
    const failed = pre.filter((r) => r.state === 'failed');
    if (failed.length) return `${failed.length} failed gate(s): ${failed.map((r) => r.step.id).join(', ')} — fix and retry (r) or override (o)`;
    const waiting = pre.filter((r) => r.state === 'pending' && r.step.kind === 'manual');
    if (waiting.length) return `${waiting.length} manual step(s) not acknowledged: ${waiting.map((r) => r.step.id).join(', ')}`;
    const pending = pre.filter((r) => r.state === 'pending');
    if (pending.length) return 'preflight has not run yet';
    return undefined;
  };

  // After any preflight change: the phase follows the gates (only while no helm ran for it).
  const settlePreflight = (i: number): void => {
    const phase = store.getState().releases[i]?.phase;
    if (phase !== 'preflight' && phase !== 'blocked' && phase !== 'ready') return;
    const why = blockedWhy(i);
    setRelease(i, why ? { phase: rowsOf(i, 'preflight').some((r) => r.state === 'running') ? 'preflight' : 'blocked', message: why } : { phase: 'ready', message: 'every gate passed' });
  };

  const runPreflight = async (index?: number): Promise<void> => {
    const i = index ?? store.getState().current;
    const plan = deps.plans[i];
    if (!plan) return;
    setRelease(i, { phase: 'preflight', message: 'running the preflight checks' });
    print(`preflight ${plan.release} (namespace ${plan.namespace})`);
    for (const row of rowsOf(i, 'preflight')) setRow(row.key, { state: 'pending' });
    for (const row of rowsOf(i, 'preflight')) {
      if (abortFor(i).signal.aborted) break;
      await runRow(row);
    }
    settlePreflight(i);
    const d = deps.diffSummary?.();
    if (d) await journaled((j) => j.diff(d));
  };

  const runVerify = async (i: number): Promise<boolean> => {
    const plan = deps.plans[i]!;
    print(`verify ${plan.release}`);
    for (const row of rowsOf(i, 'verify')) setRow(row.key, { state: 'pending', result: undefined });
    for (const row of rowsOf(i, 'verify')) await runRow(row);
    const failed = rowsOf(i, 'verify').filter((r) => r.state === 'failed').map((r) => r.step.id);
    print(failed.length ? `verify failed: ${failed.join(', ')}` : 'verify passed');
    return failed.length === 0;
  };

  const latest = (plan: ReleasePlan): HelmRevision | undefined => releaseRevisions(deps.store.getState(), plan.release, plan.namespace).at(-1);

  // Runs one helm command with its output streamed into the state and the journal entry written after.
  const runHelmCommand = async (title: string, argv: string[]): Promise<HelmRunResult> => {
    const command = displayCommand(argv, { mask: true });
    print(`$ ${command}`);
    store.setState({ helm: { title, command, output: [], startedAt: now() } });
    const run = runHelm(deps.helmPath, argv, {
      env: deps.helmEnv,
      onLine: (_stream, raw) => {
        const line = scrubText(raw);
        print(`  helm| ${line}`);
        store.setState((s) => (s.helm ? { helm: { ...s.helm, output: [...s.helm.output.slice(-(OUTPUT_LINES - 1)), line] } } : {}));
      },
    });
    const done = run.then(() => undefined, () => undefined);
    helmRun = { run, done };
    try {
      // On disk before we wait for helm: if helmdeck dies now, the record still names the helm that runs on.
      // A journal that cannot be written must not leave helm running without us waiting on it.
      await journaled((j) => j.commandStarted({ title, argv, pid: run.pid })).catch((err: unknown) => print(`! the journal could not record the helm command: ${(err as Error).message}`));
      const result = await run;
      store.setState((s) => (s.helm ? { helm: { ...s.helm, endedAt: now(), exitCode: result.exitCode ?? null, interrupted: result.interrupted } } : {}));
      await journaled((j) => j.command({ title, argv, pid: run.pid, exitCode: result.exitCode, ...(result.signal ? { signal: result.signal } : {}), interrupted: result.interrupted, durationMs: result.durationMs, output: [result.stdout, result.stderr].join('\n') }));
      return result;
    } finally {
      helmRun = undefined;
    }
  };

  const failureText = (r: HelmRunResult): string => {
    if (r.spawnError) return r.spawnError;
    if (r.interrupted) return 'interrupted (helm got SIGINT)';
    const err = r.stderr.split('\n').map((l) => l.trim()).filter(Boolean).at(-1);
    return err ?? `helm exited ${r.exitCode ?? r.signal}`;
  };

  const upgrade = (): Promise<boolean> => {
    const run = runUpgrade();
    upgrading = run.catch(() => undefined);
    return run;
  };

  const runUpgrade = async (): Promise<boolean> => {
    const s = store.getState();
    const i = s.current;
    const plan = deps.plans[i];
    if (!plan || !deps.upgradePlanned) throw new Error('no chart to upgrade to');
    if (s.busy) throw new Error(s.busy);
    const why = blockedWhy(i);
    if (why) throw new Error(why);
    const before = latest(plan)?.revision ?? 0;
    upgradeRevision.set(i, before + 1);
    const startedAt = now();
    store.setState({ busy: `helm upgrade ${plan.release} is running` });
    setRelease(i, { phase: 'upgrading', message: `upgrading from revision ${before}` });
    // Fail fast: a pod of the new revision that cannot start will not heal by waiting for helm's timeout.
    let reported = false;
    const unwatch = deps.store.subscribe((st) => {
      if (reported) return;
      const pods = failingNewPods(st, plan.release, plan.namespace, startedAt);
      if (!pods.length) return;
      reported = true;
      print(`! failing pods of the new revision: ${pods.join(', ')}`);
      void journaled((j) => j.note(`fail fast: ${pods.join(', ')}`));
      failFastHandler?.(pods);
    });
    let result: HelmRunResult;
    try {
      result = await runHelmCommand(`upgrade ${plan.release}`, deps.upgradeArgv(plan));
    } finally {
      unwatch();
      store.setState({ busy: undefined });
    }
    // The upgrade's own revision (a rollback helm ran itself would be the one after it).
    const rev = await settledRevision(plan, before + 1);
    if (result.exitCode !== 0) {
      const message = failureText(result);
      await journaled((j) => j.outcome({ action: 'upgrade', status: result.interrupted ? 'interrupted' : 'failed', ...(rev ? { revision: rev.revision } : {}), message }));
      setRelease(i, { phase: 'upgrade-failed', message: `${message}${rev ? ` (release at revision ${rev.revision}, ${rev.status})` : ''}` });
      print(`✗ upgrade failed: ${message}${rev ? ` (release at revision ${rev.revision}, ${rev.status})` : ''}`);
      return false;
    }
    await journaled((j) => j.outcome({ action: 'upgrade', status: 'succeeded', ...(rev ? { revision: rev.revision } : {}), message: 'helm upgrade succeeded' }));
    print(`✓ upgrade applied${rev ? `: revision ${rev.revision}` : ''}`);
    setRelease(i, { phase: 'verifying', message: `revision ${rev?.revision ?? '?'} applied; verifying` });
    const ok = await runVerify(i);
    setRelease(i, { phase: ok ? 'verified' : 'verify-failed', message: ok ? `revision ${rev?.revision ?? '?'} verified` : 'verify failed: roll back (R) or investigate' });
    if (ok && i + 1 < deps.plans.length) {
      store.setState({ current: i + 1 });
      await runPreflight();
    }
    return ok;
  };

  const rollbackTarget = (): HelmRevision | undefined => {
    const plan = deps.plans[store.getState().current];
    return plan ? previousDeployed(releaseRevisions(deps.store.getState(), plan.release, plan.namespace)) : undefined;
  };

  const rollbackArgs = (plan: ReleasePlan, revision: number): string[] =>
    rollbackArgv({ release: plan.release, namespace: plan.namespace, context: deps.context, revision, wait: true, timeout: plan.upgrade.timeoutMs });

  const interrupt = async (): Promise<void> => {
    const h = helmRun;
    if (!h) return;
    print('interrupting helm (SIGINT) and waiting for it to record the release');
    h.run.interrupt();
    await h.done;
    // Let the upgrade's own bookkeeping (revision, journal outcome) finish.
    await upgrading;
  };

  /** Waits until revision `n` is recorded and no longer pending; undefined when it never shows up. */
  const settledRevision = async (plan: ReleasePlan, n: number): Promise<HelmRevision | undefined> => {
    const deadline = now() + 10_000;
    for (;;) {
      const rev = releaseRevisions(deps.store.getState(), plan.release, plan.namespace).find((r) => r.revision === n);
      if ((rev && !rev.status.startsWith('pending-')) || now() >= deadline) return rev;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const rollback = async (revision?: number, why?: string): Promise<boolean> => {
    const i = store.getState().current;
    const plan = deps.plans[i];
    if (!plan) throw new Error('no release to roll back');
    const target = revision ?? rollbackTarget()?.revision;
    if (target === undefined) throw new Error(`release ${plan.release} has no earlier good revision`);
    if (why) await journaled((j) => j.note(`rollback: ${why}`));
    const upgradeRan = !['preflight', 'blocked', 'ready', 'waiting', 'watching'].includes(store.getState().releases[i]!.phase);
    if (helmRun) {
      await interrupt();
      // An interrupted upgrade with --rollback-on-failure rolls itself back: do not roll back twice.
      // helm has exited, but its last writes may still be on their way to the store.
      if (plan.upgrade.flags.some((f) => f === '--rollback-on-failure' || f === '--atomic')) {
        const n = upgradeRevision.get(i) ?? 0;
        const deadline = now() + 10_000;
        while (now() < deadline) {
          const cur = latest(plan);
          if (cur && cur.revision > n && !cur.status.startsWith('pending-')) break;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const cur = latest(plan);
      const self = cur?.status === 'deployed' ? /^Rollback to (\d+)/.exec(cur.description) : null;
      if (cur && self && Number(self[1]) === target) {
        const message = `helm rolled back to revision ${target} itself (--rollback-on-failure): revision ${cur.revision}`;
        print(`✓ ${message}`);
        await journaled((j) => j.note(message));
        setRelease(i, { phase: 'verifying', message: `${message}; verifying` });
        const verified = await runVerify(i);
        setRelease(i, { phase: 'rolled-back', message: `rolled back to revision ${target} (revision ${cur.revision}, by helm); verify ${verified ? 'passed' : 'failed'}` });
        return verified;
      }
    }
    const before = latest(plan)?.revision ?? 0;
    store.setState({ busy: `helm rollback ${plan.release} is running` });
    setRelease(i, { phase: 'rolling-back', message: `rolling back to revision ${target}` });
    print(`rollback ${plan.release} from revision ${before} to ${target}`);
    let result: HelmRunResult;
    try {
      result = await runHelmCommand(`rollback ${plan.release} to ${target}`, rollbackArgs(plan, target));
    } finally {
      store.setState({ busy: undefined });
    }
    const after = await waitForRevision(deps.store, plan.release, plan.namespace, before, 10_000);
    const ok = result.exitCode === 0;
    const message = ok ? `rolled back to revision ${target}` : failureText(result);
    await journaled((j) => j.outcome({ action: 'rollback', status: ok ? 'succeeded' : result.interrupted ? 'interrupted' : 'failed', toRevision: target, ...(after && after.revision > before ? { revision: after.revision } : {}), message }));
    print(ok ? `✓ ${message}${after && after.revision > before ? ` (now revision ${after.revision})` : ''}` : `✗ rollback failed: ${message}`);
    if (!ok) {
      setRelease(i, { phase: 'rollback-failed', message });
      return false;
    }
    setRelease(i, { phase: 'verifying', message: `${message}; verifying` });
    const verified = await runVerify(i);
    setRelease(i, { phase: 'rolled-back', message: `${message}${after && after.revision > before ? ` (revision ${after.revision})` : ''}; verify ${verified ? 'passed' : 'failed'}` });
    // A rollback before the upgrade (a release stuck pending, repaired): the window goes on, gates first.
    if (!upgradeRan && deps.upgradePlanned) {
      print(`preflight again: ${plan.release} was repaired by the rollback`);
      await runPreflight(i);
    }
    return verified;
  };

  const findRow = (key: string): StepRow => {
    const row = store.getState().rows.find((r) => r.key === key);
    if (!row) throw new Error(`no step ${key}`);
    return row;
  };

  return {
    store,
    runPreflight,
    async ack(key, by) {
      const row = findRow(key);
      if (row.step.kind !== 'manual' || row.state !== 'pending') throw new Error('only a manual step waiting for acknowledgement can be acknowledged');
      const at = now();
      const result: StepResult = { id: row.step.id, kind: 'manual', status: 'pass', summary: `acknowledged${by ? ` by ${by}` : ''}`, evidence: row.result?.evidence ?? [], startedAt: row.result?.startedAt ?? at, endedAt: at };
      await journaled((j) => j.stepResult(result));
      setRow(key, { state: 'acknowledged', result });
      print(formatStepLine(result));
      settlePreflight(row.releaseIndex);
    },
    async retry(key) {
      const row = findRow(key);
      if (row.state === 'running') return;
      if (row.step.kind === 'manual' && row.state === 'pending') throw new Error('a manual step is acknowledged, not retried');
      await runRow(row);
      settlePreflight(row.releaseIndex);
    },
    async override(key, reason) {
      const row = findRow(key);
      const text = reason.trim();
      if (row.state !== 'failed' || !row.result) throw new Error('only a failed gate can be overridden');
      if (!text) throw new Error('an override needs a reason (it is journaled)');
      const result: StepResult = { ...row.result, override: { reason: text, at: now() } };
      await journaled((j) => j.override(row.step.id, text));
      await journaled((j) => j.stepResult(result));
      setRow(key, { state: 'overridden', result });
      print(formatStepLine(result));
      settlePreflight(row.releaseIndex);
    },
    upgradeBlocked() {
      const s = store.getState();
      if (!deps.upgradePlanned || !deps.plans[s.current]) return 'no chart to upgrade to (start with helmdeck upgrade RELEASE CHART)';
      const phase = s.releases[s.current]!.phase;
      if (phase === 'verified' || phase === 'verifying') return 'this release is upgraded';
      if (phase === 'rolled-back' || phase === 'upgrade-failed' || phase === 'verify-failed' || phase === 'rollback-failed') return `the upgrade of ${deps.plans[s.current]!.release} already ran (${phase}); start a new window to try again`;
      return blockedWhy(s.current);
    },
    upgradeCommand() {
      const plan = deps.plans[store.getState().current];
      return plan ? displayCommand(deps.upgradeArgv(plan), { mask: true }) : '';
    },
    upgrade,
    rollbackTarget,
    rollbackCommand(revision) {
      const plan = deps.plans[store.getState().current];
      return plan ? displayCommand(rollbackArgs(plan, revision), { mask: true }) : '';
    },
    rollback,
    interrupt,
    currentPlan: () => deps.plans[store.getState().current],
    async cancel() {
      for (const a of checkAborts.values()) a.abort();
      await interrupt();
    },
    setFailFastHandler(handler) {
      failFastHandler = handler;
    },
    async close(reason) {
      for (const a of checkAborts.values()) a.abort();
      // Cancelled checks settle quickly; one that ignores its signal does not hold the exit for long.
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 5000).unref())]);
      if (journal) await (await journal).close(reason);
    },
  };
}
