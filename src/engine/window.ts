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
import { readLogTail } from '../kube/index.js';
import { scrubText } from '../journal/scrub.js';
import { runCheck, type CheckContext } from '../runbook/checks/index.js';
import type { ObserveStep, ReleasePlan, StepResult, WindowStep } from '../runbook/types.js';
import { rollsBackOnFailure } from '../runbook/upgrade-flags.js';
import { describeFailure } from '../status/index.js';
import { releaseRevisions, type DeckStore } from '../store/index.js';
import { failingNewPods } from './fail-fast.js';
import { previousDeployed, waitForRevision, waitForState } from './helm-run.js';
import { observeRevision } from './observe.js';
import { formatStepLine, isAcked, judgeResult, type Acks } from './run-steps.js';

/** Where a step of the checklist stands. */
export type RowState = 'pending' | 'running' | 'passed' | 'failed' | 'warned' | 'skipped' | 'acknowledged' | 'overridden';

/** One step of one release, as the checklist shows it. */
export interface StepRow {
  /** Unique in the window: release index, stage and step id. */
  key: string;
  releaseIndex: number;
  stage: 'preflight' | 'verify';
  step: WindowStep;
  state: RowState;
  result?: StepResult;
  /** While running: what it is doing now ("observing · 1:20 left · 0 restart(s)"). */
  progress?: string;
  /** When the step last started running (the checklist shows the time since). */
  startedAt?: number;
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
  /** A followed window: who drives it and since when. */
  driver?: string;
  /** A followed window that is over: how it ended. */
  ended?: string;
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
  /** Called once when pods of the new revision cannot start while the upgrade runs (each: "pod/container: reason"). */
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
  /** Nothing more runs (another window took this one over): checks stop, every action is refused with `reason`. */
  halt(reason: string): void;
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
    // The observation runs beside the steps and ends last: it is listed last.
    { key: `${i}:verify:observe`, releaseIndex: i, stage: 'verify', step: observeStep(plan, deps.plans.length > 1), state: 'pending' } satisfies StepRow,
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
  // Set by halt(): the window is driven elsewhere now.
  let halted: string | undefined;
  const refuseHalted = (): void => {
    if (halted) throw new Error(halted);
  };

  // A row that starts running (a check, the observation) records when, for the checklist's elapsed time.
  const setRow = (key: string, patch: Partial<StepRow>): void =>
    store.setState((s) => ({
      rows: s.rows.map((r) => (r.key === key ? { ...r, ...patch, ...(patch.state === 'running' && r.state !== 'running' ? { startedAt: now() } : {}) } : r)),
    }));
  const setRelease = (i: number, patch: Partial<ReleaseState>): void =>
    store.setState((s) => ({ releases: s.releases.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  const rowsOf = (i: number, stage: StepRow['stage']): StepRow[] => store.getState().rows.filter((r) => r.releaseIndex === i && r.stage === stage);

  const stateOf = (result: StepResult): RowState =>
    result.override ? 'overridden' : result.status === 'pass' ? 'passed' : result.status === 'fail' ? 'failed' : result.status === 'warn' ? 'warned' : 'skipped';

  // Runs one step and records its result; a manual step in the cockpit waits for its key instead.
  // Checks still running, so closing the window waits for their journal entries instead of cutting them off.
  const inflight = new Set<Promise<void>>();
  const runRow = (row: StepRow, ctx: CheckContext = ctxFor(row.releaseIndex)): Promise<void> => {
    const p = runRowNow(row, ctx).finally(() => inflight.delete(p));
    inflight.add(p);
    return p;
  };
  const runRowNow = async (row: StepRow, base: CheckContext): Promise<void> => {
    if (row.step.kind === 'observe') throw new Error('the observation runs only in verify');
    setRow(row.key, { state: 'running', progress: undefined });
    const ctx: CheckContext = { ...base, progress: (text) => setRow(row.key, { progress: text }) };
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
    setRow(row.key, { state: stateOf(result), result, progress: undefined });
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
    refuseHalted();
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

  // Verify is a period: the observation of the new revision runs from the
  // moment helm returns, beside the runbook's verify steps, for
  // upgrade.observe and at least until the steps are done. The first failure
  // — of the observation or of a required step — ends verify at once and
  // stops what is still running. `since` is when the upgrade or rollback
  // began: only pods, restarts and log lines since then are evidence.
  const runVerify = async (i: number, since: number, after: 'upgrade' | 'rollback'): Promise<{ ok: boolean; why?: string; stopped?: boolean }> => {
    const plan = deps.plans[i]!;
    print(`verify ${plan.release}`);
    print(`… observing the new revision for ${seconds(plan.upgrade.observeMs)}: a restart or a failing pod fails verify at once`);
    const rows = rowsOf(i, 'verify');
    for (const row of rows) setRow(row.key, { state: 'pending', result: undefined, progress: undefined });
    const stop = new AbortController();
    const base = ctxFor(i);
    const signal = AbortSignal.any([abortFor(i).signal, stop.signal]);
    const ctx: CheckContext = { ...base, since, verifying: after, signal };
    let othersDone = (): void => undefined;
    const others = new Promise<void>((r) => (othersDone = r));
    const observeRow = rows.find((r) => r.step.kind === 'observe');
    const observing = observeRow ? observe(observeRow, ctx, others, () => stop.abort()) : Promise.resolve();
    for (const row of rows) {
      if (row === observeRow) continue;
      if (signal.aborted) {
        setRow(row.key, { state: 'skipped', result: { id: row.step.id, kind: row.step.kind, status: 'skip', summary: 'not run: verify already failed', evidence: [], startedAt: now(), endedAt: now() } });
        continue;
      }
      await runRow(row, ctx);
      if (findRow(row.key).state === 'failed') stop.abort();
    }
    othersDone();
    await observing;
    // Steps cut short by another's failure did not judge anything: say so.
    for (const row of rowsOf(i, 'verify')) {
      if (row.state === 'skipped' && row.result?.summary === 'cancelled') setRow(row.key, { result: { ...row.result, summary: 'stopped: verify already failed' } });
    }
    // Halted (taken over) mid-verify: nothing was judged to the end, so it neither passed nor failed.
    if (halted) {
      print(`verify stopped: ${halted}`);
      return { ok: false, why: halted, stopped: true };
    }
    const failed = rowsOf(i, 'verify').filter((r) => r.state === 'failed');
    const why = failed.map((r) => `${r.step.id}: ${r.result?.summary ?? 'failed'}`).join('; ');
    print(failed.length ? `verify failed: ${why}` : 'verify passed');
    return failed.length ? { ok: false, why } : { ok: true };
  };

  // The observation row: its countdown while it runs, its verdict journaled like a step's.
  const observe = async (row: StepRow, ctx: CheckContext, othersDone: Promise<void>, onFail: () => void): Promise<void> => {
    const step = row.step as ObserveStep;
    const startedAt = now();
    setRow(row.key, { state: 'running', progress: 'observing' });
    const outcome = await observeRevision({
      store: deps.store, release: ctx.release, namespace: ctx.namespace, since: ctx.since ?? startedAt, durationMs: step.durationMs, now,
      signal: ctx.signal!, othersDone, onProgress: (text) => setRow(row.key, { progress: text }),
      lastLines: (f) => readLogTail(ctx.conn, { namespace: f.namespace ?? ctx.namespace, pod: f.pod, container: f.container!, previous: f.previous === true }),
    });
    if (outcome.status === 'fail') onFail();
    // Cut short by another verify step's failure: say so rather than "cancelled".
    const stopped = outcome.status === 'skip' && !abortFor(row.releaseIndex).signal.aborted;
    const result: StepResult = { id: step.id, kind: 'observe', ...outcome, ...(stopped ? { summary: 'stopped: verify already failed' } : {}), startedAt, endedAt: now() };
    await journaled((j) => j.stepResult(result));
    setRow(row.key, { state: stateOf(result), result, progress: undefined });
    print(formatStepLine(result));
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
    refuseHalted();
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
      const failures = failingNewPods(st, plan.release, plan.namespace, startedAt, now());
      if (!failures.length) return;
      reported = true;
      const pods = failures.map(describeFailure);
      print(`! pods of the new revision cannot start: ${pods.join('; ')}`);
      void journaled((j) => j.note(`fail fast: ${pods.join('; ')}`));
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
      print(`✗ upgrade failed: ${message}${rev ? ` (release at revision ${rev.revision}, ${rev.status})` : ''}`);
      // With --rollback-on-failure helm has rolled back itself: that revision is verified like any rollback.
      const self = rollsBackOnFailure(plan.upgrade.flags) ? await helmRolledBack(plan, before + 1) : undefined;
      if (!self) {
        setRelease(i, { phase: 'upgrade-failed', message: `${message}${rev ? ` (release at revision ${rev.revision}, ${rev.status})` : ''}` });
        return false;
      }
      await verifyRollback(i, self, before, true, startedAt);
      return false;
    }
    await journaled((j) => j.outcome({ action: 'upgrade', status: 'succeeded', ...(rev ? { revision: rev.revision } : {}), message: 'helm upgrade succeeded' }));
    print(`✓ upgrade applied${rev ? `: revision ${rev.revision}` : ''}`);
    setRelease(i, { phase: 'verifying', message: `revision ${rev?.revision ?? '?'} applied; observing it for ${seconds(plan.upgrade.observeMs)}` });
    const v = await runVerify(i, startedAt, 'upgrade');
    if (v.stopped) {
      await journaled((j) => j.outcome({ action: 'verify', status: 'interrupted', ...(rev ? { revision: rev.revision } : {}), message: `verify stopped: ${v.why}` }));
      setRelease(i, { message: `revision ${rev?.revision ?? '?'} applied; verify stopped: ${v.why}` });
      return false;
    }
    await journaled((j) => j.outcome({ action: 'verify', status: v.ok ? 'succeeded' : 'failed', ...(rev ? { revision: rev.revision } : {}), message: v.ok ? `revision ${rev?.revision ?? '?'} verified` : `verify failed: ${v.why}` }));
    setRelease(i, v.ok
      ? { phase: 'verified', message: `revision ${rev?.revision ?? '?'} verified` }
      : { phase: 'verify-failed', message: `verify failed: ${v.why} — R rolls back` });
    if (v.ok && i + 1 < deps.plans.length) {
      store.setState({ current: i + 1 });
      await runPreflight();
    }
    return v.ok;
  };

  // After a rollback (ours or helm's own): verify the revision it produced, the same way as an upgrade's.
  const verifyRollback = async (i: number, after: HelmRevision, target: number, byHelm: boolean, since: number): Promise<boolean> => {
    const plan = deps.plans[i]!;
    const message = `rolled back to revision ${target} (revision ${after.revision}${byHelm ? ', by helm' : ''})`;
    print(`✓ ${message}`);
    setRelease(i, { phase: 'verifying', message: `${message}; observing it for ${seconds(plan.upgrade.observeMs)}` });
    const v = await runVerify(i, since, 'rollback');
    if (v.stopped) {
      await journaled((j) => j.outcome({ action: 'verify', status: 'interrupted', revision: after.revision, message: `verify of the rolled-back revision ${after.revision} stopped: ${v.why}` }));
      setRelease(i, { message: `${message}; verify stopped: ${v.why}` });
      return false;
    }
    await journaled((j) => j.outcome({ action: 'verify', status: v.ok ? 'succeeded' : 'failed', revision: after.revision, message: v.ok ? `rolled-back revision ${after.revision} verified` : `verify of the rolled-back revision ${after.revision} failed: ${v.why}` }));
    setRelease(i, { phase: v.ok ? 'rolled-back' : 'rollback-failed', message: `${message}; verify ${v.ok ? 'passed' : `failed: ${v.why}`}` });
    return v.ok;
  };

  /** The revision helm's own rollback wrote after revision `n` failed: a newer deployed one; undefined when none appears. */
  const helmRolledBack = async (plan: ReleasePlan, n: number): Promise<HelmRevision | undefined> => {
    const cur = await waitForRevision(deps.store, plan.release, plan.namespace, n, 10_000);
    return cur && cur.revision > n && cur.status === 'deployed' ? cur : undefined;
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
    const find = (): HelmRevision | undefined => releaseRevisions(deps.store.getState(), plan.release, plan.namespace).find((r) => r.revision === n);
    await waitForState(deps.store, () => { const rev = find(); return !!rev && !rev.status.startsWith('pending-'); }, 10_000);
    return find();
  };

  const rollback = async (revision?: number, why?: string): Promise<boolean> => {
    refuseHalted();
    const i = store.getState().current;
    const plan = deps.plans[i];
    if (!plan) throw new Error('no release to roll back');
    const target = revision ?? rollbackTarget()?.revision;
    if (target === undefined) throw new Error(`release ${plan.release} has no earlier good revision`);
    if (why) await journaled((j) => j.note(`rollback: ${why}`));
    const upgradeRan = !['preflight', 'blocked', 'ready', 'waiting', 'watching'].includes(store.getState().releases[i]!.phase);
    if (helmRun) {
      // The upgrade's own bookkeeping finishes first: with --rollback-on-failure
      // helm rolls back itself, and that rollback is verified there, not repeated here.
      await interrupt();
      const phase = store.getState().releases[i]!.phase;
      if (phase === 'rolled-back' || phase === 'rollback-failed') return phase === 'rolled-back';
    }
    const before = latest(plan)?.revision ?? 0;
    const since = now();
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
    if (!ok || !after || after.revision <= before) {
      print(`✗ rollback failed: ${ok ? 'helm reported success but no new revision was recorded' : message}`);
      setRelease(i, { phase: 'rollback-failed', message });
      return false;
    }
    const verified = await verifyRollback(i, after, target, false, since);
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
      refuseHalted();
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
      refuseHalted();
      const row = findRow(key);
      if (row.state === 'running') return;
      if (row.step.kind === 'manual' && row.state === 'pending') throw new Error('a manual step is acknowledged, not retried');
      await runRow(row);
      settlePreflight(row.releaseIndex);
    },
    async override(key, reason) {
      refuseHalted();
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
      if (halted) return halted;
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
    halt(reason) {
      halted = reason;
      for (const a of checkAborts.values()) a.abort();
      const i = store.getState().current;
      setRelease(i, { message: reason });
    },
    async close(reason) {
      for (const a of checkAborts.values()) a.abort();
      // Cancelled checks settle quickly; one that ignores its signal does not hold the exit for long.
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 5000).unref())]);
      if (journal) await (await journal).close(reason);
    },
  };
}

/** Verify's observation row for a plan (`upgrade.observe` long). */
function observeStep(plan: ReleasePlan, prefix: boolean): ObserveStep {
  return { kind: 'observe', id: `${prefix ? `${plan.release}.` : ''}verify.observe`, title: `Observe the new revision for ${seconds(plan.upgrade.observeMs)}`, required: true, durationMs: plan.upgrade.observeMs };
}

/** "2m", "90 s". */
function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 && s % 60 === 0 ? `${s / 60}m` : `${s} s`;
}
