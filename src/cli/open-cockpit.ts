// What watch, upgrade, rollback and demo share to put the cockpit on the
// screen (after cockpitSetup has refused every bad input): the maintenance
// window wired to the panes, and the end of the session — a helm still
// running when the operator quits (or the process gets SIGTERM/SIGHUP) is
// interrupted with SIGINT and waited for, its outcome journaled, and the
// terminal restored.
import { userInfo } from 'node:os';
import type { UpgradeWindow } from '../engine/window.js';
import type { CockpitSetup } from './cockpit-setup.js';
import type { LiveModel } from '../model/live-model.js';
import type { DeckStore } from '../store/index.js';
import type { Cockpit } from '../ui/cockpit.js';
import type { PaneId } from '../ui/panes.js';
import type { StoreApi } from 'zustand/vanilla';
import { logViewId } from '../ui/log-view-id.js';
import { runCockpit } from '../ui/run-cockpit.js';
import { runCommand } from '../ui/dispatch.js';
import { say } from '../ui/ui-store.js';
import { offerFailFastRollback } from '../ui/window-actions.js';

/** What runWindowCockpit needs. */
export interface WindowCockpitOptions {
  setup: CockpitSetup;
  store: DeckStore;
  model: LiveModel;
  context: string;
  release: string;
  namespace: string;
  window?: UpgradeWindow;
  /**
   * Makes the window once the first frame is out, instead of `window` (the
   * screen does not wait for helm); a command that needs it meanwhile runs
   * when it is there.
   */
  openWindow?: () => Promise<UpgradeWindow | undefined>;
  /** The pane focused at start (default pods). */
  focus?: PaneId;
  /** Who drives a window on the release elsewhere, for the status bar. */
  windowHolder?: StoreApi<{ text: string }>;
  /** Called once the screen is up (e.g. start the preflight). */
  onStart?: () => void;
  /** Called with the cockpit's wiring before the first frame (e.g. open a rollback prompt). */
  onCockpit?: (cockpit: Cockpit) => void;
}

/** Runs the cockpit until the operator quits; a running helm is interrupted and waited for. Returns the exit code. */
export async function runWindowCockpit(o: WindowCockpitOptions): Promise<number> {
  let stopLogs: (() => Promise<void>) | undefined;
  let signalled: string | undefined;
  let window = o.window;
  let ended = false;
  let late: Promise<Cockpit | undefined> | undefined;
  const operator = process.env.USER || process.env.LOGNAME || safeUser();
  const handle = runCockpit({
    store: o.store,
    release: o.release,
    namespace: o.namespace,
    context: o.context,
    theme: o.setup.theme,
    keymap: o.setup.keymap,
    readOnly: o.setup.readOnly,
    ...(o.focus ? { focus: o.focus } : {}),
    ...(o.windowHolder ? { windowHolder: o.windowHolder } : {}),
    restartWatches: () => o.model.restartWatches(),
    production: o.setup.production,
    startedAt: Date.now(),
    // A TTY was checked by the caller; Ink would otherwise render only on exit when CI=true is set.
    interactive: true,
    ...(o.window ? { window: o.window } : {}),
    ...(operator ? { operator } : {}),
    // Until openWindow's window is there: R, r and the checklist keys wait for it, then run as usual.
    ...(o.openWindow ? { onCommand: (id: string) => void late?.then((c) => c && runLate(c, id)) } : {}),
    onSelectLogs(pod, container, previous) {
      void stopLogs?.();
      stopLogs = o.model.followLogs(logViewId({ namespace: pod.namespace, pod: pod.name, container, previous }), { pod: pod.name, container, previous });
    },
    onCockpit(cockpit) {
      if (o.window) offerFailFast(cockpit, o.window);
      o.onCockpit?.(cockpit);
    },
  });
  if (o.openWindow) {
    late = o.openWindow().catch(() => undefined).then((w) => {
      // Quit before it was made: never used, nothing to close.
      if (ended) return undefined;
      window = w;
      const c = handle.setWindow(w);
      if (w) offerFailFast(c, w);
      return c;
    });
  }
  // SIGTERM/SIGHUP (a closed terminal, a supervisor) end the session like a confirmed quit.
  const onSignal = (sig: NodeJS.Signals): void => {
    signalled = sig;
    handle.unmount();
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  for (const s of signals) process.on(s, onSignal);
  try {
    o.onStart?.();
    await handle.waitUntilExit();
  } finally {
    ended = true;
    for (const s of signals) process.off(s, onSignal);
  }
  const w = window;
  if (w?.store.getState().busy) {
    process.stdout.write(`${w.store.getState().busy}: interrupting it (SIGINT) and waiting for helm to record the release…\n`);
    await w.interrupt();
    const rel = w.store.getState().releases[w.store.getState().current];
    process.stdout.write(`${rel?.plan.release ?? 'release'}: ${rel?.phase ?? ''}${rel?.message ? ` — ${rel.message}` : ''}\n`);
  }
  await w?.close(signalled ? `ended by ${signalled}` : 'operator quit');
  const path = w?.store.getState().journalPath;
  if (path) process.stdout.write(`journal: ${path}\n`);
  return signalled ? 130 : 0;
}

// The fail-fast offer needs the screen: it is a prompt like any other.
function offerFailFast(c: Cockpit, w: UpgradeWindow): void {
  w.setFailFastHandler((pods) => offerFailFastRollback(c, w, pods));
}

function runLate(c: Cockpit, id: string): void {
  try {
    runCommand(c, id);
  } catch (e) {
    // As a key's handler: a failing command must not take the cockpit down.
    say(c.ui, `${id}: ${(e as Error).message}`, 'failed');
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
