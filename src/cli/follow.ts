// `helmdeck follow RELEASE [-n NS]`: the cockpit, read-only, on the window
// another operator drives — its checklist, the observation countdown and
// helm's output as they are mirrored into the release's namespace — beside
// the live panes. After the window ends it shows how it ended.
import { parseArgs } from 'node:util';
import { checkReachable, KubeError } from '../kube/connection.js';
import type { Connection } from '../kube/types.js';
import { startLiveModel, type LiveModel } from '../model/live-model.js';
import { followWindow } from '../share/follow-window.js';
import { createDeckStore, type DeckStore } from '../store/index.js';
import { cockpitFlagOptions, cockpitSetup, requireTerminal, type CockpitFlags, type CockpitSetup } from './cockpit-setup.js';
import type { WindowHeldError } from '../share/window-lease.js';
import { connectFromFlags, kubeFlagOptions } from './kube-flags.js';
import { checkRelease } from './names.js';
import { UsageError } from './usage-error.js';

export const followUsage = `Usage: helmdeck follow RELEASE [-n NS] [--context C] [--kubeconfig K] [--theme T] [--config FILE]
  Opens the cockpit read-only on the window another operator drives on RELEASE: its checklist with live
  states, the observation countdown, helm's command and output, who drives and since when (mirrored in the
  release's namespace; needs get/list/watch on leases and configmaps there). After the window ends it shows how it ended.`;

/** Runs the follow command; returns the exit code. */
export async function followCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...kubeFlagOptions, ...cockpitFlagOptions, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(followUsage + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`follow: expected one RELEASE\n${followUsage}`);
  const release = positionals[0]!;
  checkRelease(release);
  const conn = connectFromFlags(values);
  const setup = cockpitSetup({ ...values, readonly: true }, conn.context);
  requireTerminal();
  try {
    await checkReachable(conn, 10_000);
  } catch (err) {
    if (err instanceof KubeError) throw new UsageError(err.message, 2);
    throw err;
  }
  const store = createDeckStore({ connection: { context: conn.context, namespace: conn.namespace, server: conn.server }, limits: { logLines: setup.config.logs.bufferLines } });
  const model = startLiveModel({ conn, store, lagSources: setup.lagSources });
  try {
    return await runFollowCockpit({ setup, conn, store, model, release, namespace: conn.namespace });
  } finally {
    await model.stop();
  }
}

/** What a followed window's cockpit reads: the connection and the live model over it. */
export interface FollowSession {
  conn: Connection;
  store: DeckStore;
  model: LiveModel;
}

/** Where a refused cockpit window lands: the holder's window, read-only, saying who holds it. */
export async function followHolder(flags: CockpitFlags, s: FollowSession, held: WindowHeldError): Promise<number> {
  const setup = cockpitSetup({ ...flags, readonly: true }, s.conn.context);
  return runFollowCockpit({ setup, ...s, release: held.release, namespace: held.namespace, message: held.message });
}

/** The read-only cockpit on a release's shared window; `setup` must be read-only. */
export async function runFollowCockpit(o: { setup: CockpitSetup; conn: Connection; store: DeckStore; model: LiveModel; release: string; namespace: string; message?: string }): Promise<number> {
  const { runWindowCockpit } = await import('./open-cockpit.js');
  const { say } = await import('../ui/ui-store.js');
  const followed = followWindow(o.conn, o.namespace, o.release);
  try {
    return await runWindowCockpit({
      setup: o.setup, store: o.store, model: o.model, context: o.conn.context, release: o.release, namespace: o.namespace,
      window: followed.window, focus: 'checklist',
      onCockpit: (c) => say(c.ui, o.message ?? `following ${o.release}: read-only`, o.message ? 'warning' : 'ok'),
    });
  } finally {
    await followed.stop();
  }
}
