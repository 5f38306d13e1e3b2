// What preflight, upgrade and rollback share: the release plan the command
// line and the runbook make together, the connection to the cluster, the
// live model synced into a store, and the CheckContext the steps run in —
// with the target rendered by helm's server-side dry run only when a step
// asks for it, and the diff computed from that same render.
import { existsSync, statSync } from 'node:fs';
import { notReadableWhy } from '../fs/read-bounded.js';
import { resolve as resolvePath } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { dryRunArgv, type UpgradeSpec } from '../helm/actions/helm-argv.js';
import { chartReadingFlags } from '../helm/actions/chart-flags.js';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../config/config-error.js';
import type { RegistryHosts } from '../config/read-registries.js';
import { diffRelease, type ReleaseDiff } from '../helm/diff/diff-release.js';
import { diffLines } from '../helm/diff/diff-lines.js';
import { renderTarget, type RenderedTarget } from '../helm/diff/render-target.js';
import { locateHelm } from '../helm/locate-helm.js';
import { checkReachable, connect, KubeError } from '../kube/index.js';
import type { Connection } from '../kube/types.js';
import { startLiveModel, type LiveModel } from '../model/live-model.js';
import { applyOverrides, OverrideError } from '../runbook/apply-overrides.js';
import type { CheckContext } from '../runbook/checks/index.js';
import { defaultRunbook } from '../runbook/default-runbook.js';
import { loadRunbook } from '../runbook/load-runbook.js';
import { RunbookError } from '../runbook/runbook-error.js';
import type { ReleasePlan } from '../runbook/types.js';
import { createDeckStore, latestDeployed, releaseRevisions, type DeckStore } from '../store/index.js';
import { UsageError } from './usage-error.js';
import type { Acks } from '../engine/run-steps.js';
import type { LagSource } from '../lag/types.js';
import { summarizeDiff } from '../helm/diff/diff-release.js';
import { upgradeArgv } from '../helm/actions/helm-argv.js';
import { createUpgradeWindow, type UpgradeWindow } from '../engine/window.js';
import { defaultJournalDir, openJournal, type Journal } from '../journal/open-journal.js';
import { ensureJournalDir, JournalDirError } from '../journal/journal-dir.js';
import { checkNamespace, checkRelease } from './names.js';
import { scrubText } from '../journal/scrub.js';

/** parseArgs options of the commands that take a chart target. */
export const targetFlagOptions = {
  namespace: { type: 'string', short: 'n' },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  values: { type: 'string', short: 'f', multiple: true },
  set: { type: 'string', multiple: true },
  version: { type: 'string' },
  runbook: { type: 'string' },
  ack: { type: 'string', multiple: true },
  helm: { type: 'string' },
  timeout: { type: 'string' },
  config: { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** The parsed target flags. */
export interface TargetFlags {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  values?: string[];
  set?: string[];
  version?: string;
  runbook?: string;
  ack?: string[];
  helm?: string;
  timeout?: string;
  /** The config file (registry mirrors); the default path when not given. */
  config?: string;
}

/** A failure before any step ran (cluster, runbook, helm): exit 2. */
export class SetupError extends UsageError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Parses `--ack all` / `--ack a,b` (repeatable). */
export function parseAcks(specs: readonly string[] | undefined): Acks {
  const ids = new Set<string>();
  for (const spec of specs ?? []) {
    for (const id of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (id === 'all') return 'all';
      ids.add(id);
    }
  }
  return ids;
}

export { parseMs } from './parse-ms.js';

/** Refuses --ack ids that name no step of the plans, listing the ones that do. */
export function checkAcks(acks: Acks, plans: readonly ReleasePlan[]): void {
  if (acks === 'all') return;
  const known = stepIds(plans, true);
  const unknown = [...acks].filter((id) => !known.includes(id));
  if (unknown.length) throw new UsageError(`--ack ${unknown.join(',')}: no such step (known: all${known.length ? `, ${known.join(', ')}` : ''})`);
}

/** Refuses --override ids that name no preflight step, listing the ones that do. */
export function checkOverrides(ids: Iterable<string>, plans: readonly ReleasePlan[]): void {
  const known = stepIds(plans, false);
  const unknown = [...ids].filter((id) => !known.includes(id));
  if (unknown.length) throw new UsageError(`--override ${unknown.join(',')}: no such preflight step (known: ${known.join(', ') || 'none'})`);
}

function stepIds(plans: readonly ReleasePlan[], withVerify: boolean): string[] {
  return [...new Set(plans.flatMap((p) => [...p.preflight, ...(withVerify ? p.verify : [])].map((s) => s.id)))];
}

/** Creates the journal folder now, so a path that cannot hold one fails before anything connects. */
export function checkJournalDir(dir: string | undefined): void {
  try {
    ensureJournalDir(dir ?? defaultJournalDir());
  } catch (err) {
    if (err instanceof JournalDirError) throw new SetupError(err.message);
    throw err;
  }
}

/** The release plan: the runbook's (or the built-in one) with the command line applied. */
export function resolvePlan(release: string, chart: string | undefined, flags: TargetFlags, fallbackNamespace: () => string): { plan: ReleasePlan; runbookFile: string } {
  try {
    if (flags.runbook !== undefined) {
      const rb = applyOverrides(loadRunbook(flags.runbook), {
        release,
        ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
        ...(chart !== undefined ? { chart } : {}),
        values: flags.values ?? [],
        set: flags.set ?? [],
        ...(flags.version !== undefined ? { version: flags.version } : {}),
      });
      return { plan: rb.releases.find((r) => r.release === release)!, runbookFile: rb.file };
    }
    if (chart === undefined) throw new UsageError('a CHART is needed when no --runbook is given');
    const rb = applyOverrides(defaultRunbook({ release, namespace: flags.namespace ?? fallbackNamespace(), chart }), {
      release,
      values: flags.values ?? [],
      set: flags.set ?? [],
      ...(flags.version !== undefined ? { version: flags.version } : {}),
    });
    return { plan: rb.releases[0]!, runbookFile: rb.file };
  } catch (err) {
    if (err instanceof OverrideError) throw new UsageError(err.message);
    if (err instanceof RunbookError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * The releases a command works on: the one named, or — with a runbook and no
 * RELEASE — every release of the runbook in its order (the command line's
 * -f/--set/--version then apply only when the runbook has one release).
 */
export function resolvePlans(release: string | undefined, chart: string | undefined, flags: TargetFlags, fallbackNamespace: () => string): ReleasePlan[] {
  checkRelease(release);
  checkNamespace(flags.namespace);
  const plans = resolveAllPlans(release, chart, flags, fallbackNamespace);
  for (const plan of plans) {
    checkRelease(plan.release, 'release');
    checkNamespace(plan.namespace, `namespace of release ${plan.release}`);
  }
  // A missing values file would pass every check and fail only when helm reads it, mid-window.
  for (const plan of plans) {
    for (const file of plan.values) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) continue;
      const which = `values file ${file}${plans.length > 1 ? ` (release ${plan.release})` : ''}`;
      if (!existsSync(resolvePath(file))) throw new UsageError(`${which}: no such file (paths are relative to ${process.cwd()})`);
      // helm would read a FIFO or /dev/zero without end, mid-window; refuse it before any step runs.
      const why = notReadableWhy(statSync(resolvePath(file)));
      if (why) throw new UsageError(`${which}: ${why}`);
    }
  }
  return plans;
}

function resolveAllPlans(release: string | undefined, chart: string | undefined, flags: TargetFlags, fallbackNamespace: () => string): ReleasePlan[] {
  if (release !== undefined) return [resolvePlan(release, chart, flags, fallbackNamespace).plan];
  if (flags.runbook === undefined) throw new UsageError('expected RELEASE and CHART (or --runbook FILE)');
  try {
    return applyOverrides(loadRunbook(flags.runbook), {
      ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
      ...(chart !== undefined ? { chart } : {}),
      values: flags.values ?? [],
      set: flags.set ?? [],
      ...(flags.version !== undefined ? { version: flags.version } : {}),
    }).releases;
  } catch (err) {
    if (err instanceof OverrideError || err instanceof RunbookError) throw new UsageError(err.message);
    throw err;
  }
}

/** A connected, synced session on one release. */
export interface Session {
  conn: Connection;
  store: DeckStore;
  model: LiveModel;
  helmPath: string;
  /** KUBECONFIG for helm, so it talks to the cluster the watches follow. */
  helmEnv: Record<string, string>;
  /** The config file's registry mirrors, for images-exist. */
  registries: RegistryHosts;
  /** --lag and the config's sources: the live model samples them, consumer-lag steps without source: use them. */
  lagSources: LagSource[];
  stop(): Promise<void>;
}

/** How a session watches: every namespace (a runbook spanning several), and lag sources for the cockpit. */
export interface SessionOptions {
  allNamespaces?: boolean;
  lagSources?: LagSource[];
  /** Lines kept per log view (the config's logs.bufferLines); the store's default otherwise. */
  logLines?: number;
  /** Registry mirrors (the config's `registries`); read from the config file when not given. */
  registries?: RegistryHosts;
}

/** Connects (namespace given), starts the live model and waits for it to sync. KubeError and sync timeouts become SetupError. */
export async function openSession(flags: TargetFlags, namespace: string | undefined, syncTimeoutMs: number, opts: SessionOptions = {}): Promise<Session> {
  let registries: RegistryHosts;
  try {
    registries = opts.registries ?? loadConfig({ ...(flags.config !== undefined ? { path: flags.config } : {}), env: process.env }).registries;
  } catch (err) {
    if (err instanceof ConfigError) throw new SetupError(err.message);
    throw err;
  }
  let helmPath: string;
  try {
    helmPath = await locateHelm({ ...(flags.helm !== undefined ? { flag: flags.helm } : {}), cwd: process.cwd() });
  } catch (err) {
    throw new SetupError((err as Error).message);
  }
  let conn: Connection;
  try {
    conn = connect({ kubeconfig: flags.kubeconfig, context: flags.context, namespace });
    // --timeout bounds the first request as it bounds the sync: a slow API server within it works.
    await checkReachable(conn, syncTimeoutMs);
  } catch (err) {
    if (err instanceof KubeError) throw new SetupError(err.message);
    throw err;
  }
  // Releases in several namespaces: the model watches them all (checks still name each release's namespace).
  if (opts.allNamespaces) conn = { ...conn, namespace: '' };
  const store = createDeckStore({
    connection: { context: conn.context, namespace: conn.namespace, server: conn.server },
    ...(opts.logLines !== undefined ? { limits: { logLines: opts.logLines } } : {}),
  });
  // A --timeout longer than the informers' own bound lets each list and watch take that long too, as kubectl's would.
  const model = startLiveModel({ conn, store, requestTimeoutMs: Math.max(syncTimeoutMs, 30_000), ...(opts.lagSources ? { lagSources: opts.lagSources } : {}) });
  try {
    await model.waitForSync(syncTimeoutMs);
    model.batcher.flush();
  } catch (err) {
    await model.stop();
    throw new SetupError(`the live model did not sync: ${(err as Error).message}`);
  }
  const helmEnv: Record<string, string> = {};
  if (conn.configFiles?.length) helmEnv.KUBECONFIG = conn.configFiles.join(':');
  return { conn, store, model, helmPath, helmEnv, registries, lagSources: opts.lagSources ?? [], stop: () => model.stop() };
}

/** Only the context a connection would use (theme, production banner and lag sources are chosen by it, before connecting). */
export function kubeconfigContext(flags: TargetFlags): string {
  try {
    return connect({ kubeconfig: flags.kubeconfig, context: flags.context }).context;
  } catch (err) {
    if (err instanceof KubeError) throw new SetupError(err.message);
    throw err;
  }
}

/** Only the namespace a connection would pick (for the built-in runbook, before connecting). */
export function kubeconfigNamespace(flags: TargetFlags): string {
  try {
    return connect({ kubeconfig: flags.kubeconfig, context: flags.context }).namespace;
  } catch (err) {
    if (err instanceof KubeError) throw new SetupError(err.message);
    throw err;
  }
}

/** What checks and helm need of a session. */
export type SessionTarget = Pick<Session, 'conn' | 'store' | 'helmPath' | 'helmEnv'> & Partial<Pick<Session, 'registries' | 'lagSources'>>;

/** The helm upgrade spec of a plan, aimed at the session's cluster. */
export function upgradeSpec(plan: ReleasePlan, s: SessionTarget): UpgradeSpec {
  return {
    release: plan.release,
    namespace: plan.namespace,
    context: s.conn.context,
    chart: plan.chart,
    values: plan.values,
    set: plan.set,
    ...(plan.version !== undefined ? { version: plan.version } : {}),
    flags: plan.upgrade.flags,
  };
}

/** The CheckContext for a plan, with the render and the diff computed lazily, once. */
export function checkContext(plan: ReleasePlan, s: SessionTarget, opts: { signal?: AbortSignal; onDiff?: (d: ReleaseDiff) => void; openedAt?: number } = {}): CheckContext {
  let render: Promise<RenderedTarget> | undefined;
  // A failed render is not kept: a retry after the cause is fixed (a release no longer pending) renders again.
  const rendered = (): Promise<RenderedTarget> =>
    (render ??= renderTarget(s.helmPath, dryRunArgv(upgradeSpec(plan, s)), { env: s.helmEnv, ...(opts.signal ? { signal: opts.signal } : {}) }).catch((err: unknown) => {
      render = undefined;
      throw err;
    }));
  const deployed = latestDeployed(releaseRevisions(s.store.getState(), plan.release, plan.namespace));
  const revision = deployed?.revision ?? releaseRevisions(s.store.getState(), plan.release, plan.namespace).at(-1)?.revision ?? 0;
  return {
    release: plan.release,
    namespace: plan.namespace,
    conn: s.conn,
    store: s.store,
    helmPath: s.helmPath,
    helmEnv: s.helmEnv,
    chart: plan.chart,
    values: plan.values,
    set: plan.set,
    ...(plan.version !== undefined ? { version: plan.version } : {}),
    chartFlags: chartReadingFlags(plan.upgrade.flags),
    registries: s.registries ?? {},
    rendered: async () => (await rendered()).manifest,
    diff: async () => {
      const cur = latestDeployed(releaseRevisions(s.store.getState(), plan.release, plan.namespace));
      if (!cur) throw new Error(`release "${plan.release}" has no deployed revision to diff against`);
      const t = await rendered();
      const d = diffRelease({ deployed: cur, renderedManifest: t.manifest, newValues: t.values, chart: t.chart });
      opts.onDiff?.(d);
      return diffLines(d);
    },
    now: Date.now,
    ...(opts.signal ? { signal: opts.signal } : {}),
    workdir: process.cwd(),
    ...(s.lagSources?.length ? { lagSources: s.lagSources } : {}),
    vars: { ...windowStamps(opts.openedAt ?? Date.now()), release: plan.release, revision },
  };
}

/** `{date}`, `{time}` and `{window}` for a window opened at `at` (UTC): a same-day retry gets its own `{window}`. */
export function windowStamps(at: number): { date: string; time: string; window: string } {
  const iso = new Date(at).toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19).replace(/:/g, '');
  return { date, time, window: `${date.replace(/-/g, '')}-${time}` };
}

/** How the window is opened for a command. */
export interface WindowOptions {
  upgradePlanned: boolean;
  interactive: boolean;
  acks?: Acks;
  overrides?: ReadonlyMap<string, string>;
  /** The journal already opened (its path printed), else one is opened on first use in `journalDir`. */
  journal?: Journal;
  journalDir?: string;
  onLine?: (line: string) => void;
  /** Pods of the new revision cannot start while helm runs. */
  onFailFast?: (pods: string[]) => void;
}

/** The maintenance window over a session's cluster for these plans. */
export function createWindowFor(plans: ReleasePlan[], s: SessionTarget, o: WindowOptions): UpgradeWindow {
  let lastDiff: ReleaseDiff | undefined;
  const openedAt = Date.now();
  const journal = o.journal
    ? () => Promise.resolve(o.journal!)
    : () => openJournal({ ...(o.journalDir ? { dir: o.journalDir } : {}), window: journalWindow(plans, s) });
  return createUpgradeWindow({
    plans,
    upgradePlanned: o.upgradePlanned,
    store: s.store,
    helmPath: s.helmPath,
    helmEnv: s.helmEnv,
    context: s.conn.context,
    contextFor: (plan, signal) => checkContext(plan, s, { signal, openedAt, onDiff: (d) => (lastDiff = d) }),
    upgradeArgv: (plan) => upgradeArgv(upgradeSpec(plan, s)),
    journal,
    interactive: o.interactive,
    ...(o.acks ? { acks: o.acks } : {}),
    ...(o.overrides ? { overrides: o.overrides } : {}),
    // Whatever a step or helm printed passes the same mask as the journal before it reaches stdout.
    ...(o.onLine ? { onLine: (line: string) => o.onLine!(scrubText(line)) } : {}),
    ...(o.onFailFast ? { onFailFast: o.onFailFast } : {}),
    diffSummary: () => {
      const d = lastDiff;
      lastDiff = undefined;
      return d && summarizeDiff(d);
    },
  });
}

/** The window a journal records: the releases in order, their namespace, the context. */
export function journalWindow(plans: readonly ReleasePlan[], s: Pick<Session, 'conn'>): { release: string; namespace: string; context: string } {
  return {
    release: plans.map((p) => p.release).join(','),
    namespace: [...new Set(plans.map((p) => p.namespace))].join(','),
    context: s.conn.context,
  };
}
