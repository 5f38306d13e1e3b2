// Starts the cockpit on the terminal: Ink in the alternate screen (restored
// on quit, on a render error and on process exit, which Ink hooks), Ctrl-C
// delivered as a key so quitting mid-upgrade can ask first, frames capped at
// maxFps, console left alone (a patched console would interleave with frames).
import type { StoreApi } from 'zustand/vanilla';
import { render } from 'ink';
import type { UpgradeWindow } from '../engine/window.js';
import type { DeckStore } from '../store/index.js';
import { App } from './app.js';
import type { Cockpit, PodRef } from './cockpit.js';
import type { CommandContext } from './keys/commands.js';
import type { Keymap } from './keys/keymap.js';
import { computeLayout } from './layout.js';
import type { PaneId } from './panes.js';
import type { Theme } from './theme/theme-types.js';
import { createUiStore } from './ui-store.js';

/** What runCockpit needs. */
export interface RunCockpitOptions {
  store: DeckStore;
  release: string;
  /** The release's namespace ('' for any). */
  namespace: string;
  /** The kube context, shown in the status bar. */
  context: string;
  theme: Theme;
  /** Build it with buildKeymap({ commands: COCKPIT_COMMANDS, … }) for the screen's own keys (l). */
  keymap: Keymap;
  readOnly: boolean;
  /** Shows the loud production banner. */
  production: boolean;
  /** Epoch ms the maintenance window started (the elapsed time counts from it). */
  startedAt: number;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Dangerous and outside-world commands (helm.upgrade, helm.rollback, helm.rollbackTo, checklist.*). Without it they say "not available yet". */
  onCommand?: (id: string, ctx: CommandContext) => void;
  /** The Logs pane shows view logViewId({namespace, pod, container, previous}); stream that container's log into it. */
  onSelectLogs?: (pod: PodRef, container: string, previous: boolean) => void;
  /** Facts only the caller knows for disabledWhy and quit: busy ("helm upgrade is running"), upgradePlanned, failedGates. */
  commandContext?: () => Partial<CommandContext>;
  /** false: the clock shows a fixed time and never ticks (idle benchmarks, tests). Default true. */
  clock?: boolean;
  /** The pane focused at start (default pods). */
  focus?: PaneId;
  /** Frames per second at most (default 25). */
  maxFps?: number;
  /** Overrides Ink's TTY/CI detection (tests drive a fake TTY under CI). */
  interactive?: boolean;
  /** The maintenance window (checklist, upgrade, rollback); without it those keys say why not. */
  window?: UpgradeWindow;
  /** Who acknowledges manual steps, for the journal. */
  operator?: string;
  /** Who drives a window on the release elsewhere, shown in the status bar. */
  windowHolder?: StoreApi<{ text: string }>;
  /** Every watch lists again (Ctrl+L). */
  restartWatches?: () => void;
  /** Called with the wiring once built (the caller's own prompts need it). */
  onCockpit?: (cockpit: Cockpit) => void;
}

/** The running cockpit. */
export interface CockpitHandle {
  /** Settles when the operator quits (q, Ctrl-C) or unmount() is called; rejects on a render error. */
  waitUntilExit(): Promise<void>;
  unmount(): void;
  /**
   * Hands over a window made after the first frame (watch asks helm its
   * version while the screen is up): the panes, key bar and keys use it from
   * the next frame on, and opts.onCommand, which stood in for it, is dropped.
   * Returns the new wiring.
   */
  setWindow(window: UpgradeWindow | undefined): Cockpit;
}

/** Renders the cockpit and returns once the first frame is scheduled. */
export function runCockpit(opts: RunCockpitOptions): CockpitHandle {
  const stdout = opts.stdout ?? process.stdout;
  const fps = opts.maxFps ?? 25;
  let mounted = true;
  const unmount = (): void => {
    mounted = false;
    instance.unmount();
  };
  const cockpit = createCockpit(opts, {
    // Called only from keys, after render() below has returned.
    exit: unmount,
    redraw: () => {
      // Ink writes only frames that differ from the last one: clear the terminal,
      // render one empty frame, then the real one a frame later, whole.
      instance.clear();
      stdout.write('\x1b[2J\x1b[H');
      cockpit.ui.setState({ blank: true });
      setTimeout(() => cockpit.ui.setState({ blank: false }), Math.ceil(2000 / fps)).unref();
    },
  });
  opts.onCockpit?.(cockpit);
  const stdin = opts.stdin ?? process.stdin;
  // Raw before the first frame, not after it (Ink turns it on in an effect):
  // a key typed as the screen appears would otherwise be echoed over it by
  // the terminal and wait in a half-typed line. Ink turns it off on exit.
  if (opts.interactive !== false && stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(true);
  const instance = render(<App cockpit={cockpit} />, {
    stdout, stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    alternateScreen: true,
    incrementalRendering: true,
    maxFps: fps,
    ...(opts.interactive !== undefined ? { interactive: opts.interactive } : {}),
  });
  const done = instance.waitUntilExit();
  // Ink also unmounts by itself on a render error.
  done.then(() => (mounted = false), () => (mounted = false));
  return {
    waitUntilExit: async () => {
      await done;
    },
    unmount,
    setWindow: (window) => {
      // A new object, so every pane reading the context renders again; the stores stay the same.
      const { onCommand: _standIn, ...rest } = cockpit;
      const next: Cockpit = window ? { ...rest, window, overlayEnv: { ...cockpit.overlayEnv, window: window.store } } : rest;
      if (mounted) instance.rerender(<App cockpit={next} />);
      return next;
    },
  };
}

/** The wiring <App> renders, from runCockpit's options and the Ink instance's exit and redraw (tests render <App> with their own Ink options). */
export function createCockpit(opts: RunCockpitOptions, ink: { exit(): void; redraw(): void }): Cockpit {
  const stdout = opts.stdout ?? process.stdout;
  const ui = createUiStore(opts.focus);
  const query = { release: opts.release, namespace: opts.namespace };
  return {
    deck: opts.store, ui, keymap: opts.keymap, query, theme: opts.theme,
    overlayEnv: { keymap: opts.keymap, query, symbols: opts.theme.symbols, ...(opts.window ? { window: opts.window.store } : {}) },
    context: opts.context, production: opts.production, readOnly: opts.readOnly, startedAt: opts.startedAt, clock: opts.clock ?? true,
    layout: () => computeLayout(stdout.columns || 80, stdout.rows || 24, ui.getState().focus),
    exit: ink.exit,
    redraw: ink.redraw,
    // OSC 52 moves no cursor, so Ink's idea of the screen stays right.
    copy: (text) => void stdout.write(`\x1b]52;c;${Buffer.from(text).toString('base64')}\x07`),
    ...(opts.onCommand ? { onCommand: opts.onCommand } : {}),
    ...(opts.onSelectLogs ? { onSelectLogs: opts.onSelectLogs } : {}),
    ...(opts.commandContext ? { extraContext: opts.commandContext } : {}),
    ...(opts.window ? { window: opts.window } : {}),
    ...(opts.operator ? { operator: opts.operator } : {}),
    ...(opts.windowHolder ? { windowHolder: opts.windowHolder } : {}),
    ...(opts.restartWatches ? { restartWatches: opts.restartWatches } : {}),
  };
}
