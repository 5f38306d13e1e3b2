// `helmdeck watch RELEASE` (and bare `helmdeck`): the cockpit on the live
// model. Every bad input — flags, config, theme, kubeconfig, a cluster that
// cannot be reached — is refused with one line before the screen opens;
// quitting leaves the terminal as it was and exits 0.
//
// Start-up is the first thing an operator sees of helmdeck: the API server
// answers while Ink and React load, the live model starts just before the
// first frame (the pods are listed into a screen that is already up), and
// helm is found and asked its version after it.
import { parseArgs } from 'node:util';
import { parseMs } from './parse-ms.js';
import type { UpgradeWindow } from '../engine/window.js';
import { locateHelm } from '../helm/locate-helm.js';
import { checkReachable, KubeError } from '../kube/index.js';
import type { Connection } from '../kube/types.js';
import { startLiveModel } from '../model/live-model.js';
import { createDeckStore, type DeckStore } from '../store/index.js';
import { cockpitFlagOptions, cockpitSetup, requireTerminal } from './cockpit-setup.js';
import { connectFromFlags, kubeFlagOptions } from './kube-flags.js';
import { checkRelease } from './names.js';
import { UsageError } from './usage-error.js';

export const watchUsage = `Usage: helmdeck watch RELEASE [-n NS] [--context C] [--kubeconfig K] [--theme T] [--readonly] [--lag SOURCE=URL]... [--config FILE] [--helm PATH]
                     [--observe 2m]   how long verify observes the revision a rollback (R, r) wrote
       helmdeck [-n NS] [--context C] [--kubeconfig K]      pick a release of the namespace, then watch it`;

/** Reads flags, config, theme and kubeconfig; anything wrong ends here with one line. */
export async function watchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...kubeFlagOptions,
      ...cockpitFlagOptions,
      helm: { type: 'string' },
      observe: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(watchUsage + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`watch: expected one RELEASE, got ${positionals.length}\n${watchUsage}`);
  checkRelease(positionals[0]);
  const observeMs = values.observe === undefined ? undefined : parseMs(values.observe, 0, '--observe');
  const conn = connectFromFlags(values);
  const setup = cockpitSetup(values, conn.context);
  requireTerminal();
  // Ink and React load while the API server answers.
  const screen = import('./open-cockpit.js');
  screen.catch(() => undefined); // awaited below, unless the cluster cannot be reached
  try {
    await checkReachable(conn, 10_000);
  } catch (err) {
    if (err instanceof KubeError) throw new UsageError(err.message, 2);
    throw err;
  }

  const release = positionals[0] ?? (await (await import('./pick-release.js')).pickRelease(conn));
  if (!release) return 0;

  const store = createDeckStore({ connection: { context: conn.context, namespace: conn.namespace, server: conn.server }, limits: { logLines: setup.config.logs.bufferLines } });
  const { runWindowCockpit } = await screen;
  const model = startLiveModel({ conn, store, lagSources: setup.lagSources });
  // A window another operator drives on the release: named in the status bar.
  const holder = setup.config.share.enabled && conn.namespace ? (await import('../share/holder-watch.js')).watchHolder(conn, conn.namespace, release) : undefined;
  try {
    return await runWindowCockpit({
      setup, store, model, context: conn.context, release, namespace: conn.namespace,
      ...(holder ? { windowHolder: holder.store } : {}),
      // `helm version` takes as long as drawing the screen: asked once it is up.
      openWindow: () => rollbackWindow(conn, store, release, values.helm, observeMs),
    });
  } finally {
    await holder?.stop();
    await model.stop();
  }
}

// R and r work in watch too: a window with nothing to upgrade, whose verify
// (the observation and rollout complete) runs after a rollback. Without a helm binary they say why.
async function rollbackWindow(conn: Connection, store: DeckStore, release: string, helmFlag: string | undefined, observeMs: number | undefined): Promise<UpgradeWindow | undefined> {
  let helmPath: string;
  try {
    helmPath = await locateHelm({ ...(helmFlag !== undefined ? { flag: helmFlag } : {}), cwd: process.cwd() });
  } catch {
    return undefined;
  }
  const [{ createWindowFor }, { defaultRunbook }] = await Promise.all([import('./session.js'), import('../runbook/default-runbook.js')]);
  const helmEnv: Record<string, string> = conn.configFiles?.length ? { KUBECONFIG: conn.configFiles.join(':') } : {};
  const base = defaultRunbook({ release, namespace: conn.namespace, chart: '' }).releases[0]!;
  const plan = observeMs === undefined ? base : { ...base, upgrade: { ...base.upgrade, observeMs } };
  return createWindowFor([plan], { conn, store, helmPath, helmEnv }, { upgradePlanned: false, interactive: true });
}
