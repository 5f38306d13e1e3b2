// What watch, upgrade, rollback and demo share to put the cockpit on the
// screen: the config file, theme and keymap (every bad input refused with one
// line before the screen opens), the maintenance window wired to the panes,
// and the end of the session — a helm still running when the operator quits
// (or the process gets SIGTERM/SIGHUP) is interrupted with SIGINT and waited
// for, its outcome journaled, and the terminal restored.
import { userInfo } from 'node:os';
import type { ParseArgsOptionsConfig } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';
import { isProductionContext } from '../config/is-production-context.js';
import type { UpgradeWindow } from '../engine/window.js';
import type { LagSource } from '../lag/types.js';
import type { LiveModel } from '../model/live-model.js';
import type { DeckStore } from '../store/index.js';
import type { Keymap } from '../ui/keys/keymap.js';
import type { Cockpit } from '../ui/cockpit.js';
import { COCKPIT_COMMANDS } from '../ui/keys/cockpit-commands.js';
import { buildKeymap } from '../ui/keys/keymap.js';
import { logViewId } from '../ui/log-view-id.js';
import { runCockpit } from '../ui/run-cockpit.js';
import type { Theme } from '../ui/theme/theme-types.js';
import { defaultThemesDir, loadTheme } from '../ui/theme/load-theme.js';
import { noColorRequested, resolveThemeChoice } from '../ui/theme/resolve-theme-name.js';
import { offerFailFastRollback } from '../ui/window-actions.js';
import { parseLagFlags } from './kube-flags.js';
import { UsageError } from './usage-error.js';

/** parseArgs options of every command that opens the cockpit. */
export const cockpitFlagOptions = {
  theme: { type: 'string' },
  readonly: { type: 'boolean', default: false },
  config: { type: 'string' },
  lag: { type: 'string', multiple: true },
} as const satisfies ParseArgsOptionsConfig;

/** The parsed cockpit flags. */
export interface CockpitFlags {
  theme?: string;
  readonly?: boolean;
  config?: string;
  lag?: string[];
}

/** Config, theme, keymap and lag sources, resolved for a kube context. */
export interface CockpitSetup {
  config: Config;
  theme: Theme;
  keymap: Keymap;
  lagSources: LagSource[];
  production: boolean;
  readOnly: boolean;
}

/** Reads the config file, theme and keymap; anything wrong is a UsageError with one line. */
export function cockpitSetup(flags: CockpitFlags, context: string): CockpitSetup {
  const config = loadConfig({ ...(flags.config ? { path: flags.config } : {}), env: process.env });
  const choice = resolveThemeChoice({ flag: flags.theme, env: process.env.HELMDECK_THEME, config, context, noColor: noColorRequested(process.env) });
  const theme = loadTheme(choice.name, { themesDir: defaultThemesDir() });
  const readOnly = flags.readonly === true;
  const keymap = buildKeymap({ commands: COCKPIT_COMMANDS, overrides: config.keys, origins: config.origins, file: config.file, readOnly });
  const lagSources = parseLagFlags([...(flags.lag ?? []), ...config.lag.sources]);
  return { config, theme, keymap, lagSources, production: isProductionContext(config, context), readOnly };
}

/** The cockpit needs a terminal on both ends. */
export function requireTerminal(): void {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UsageError('the cockpit needs a terminal (stdin and stdout must be a TTY); for scripts use helmdeck status, or --headless --yes', 1);
  }
}

/** What runWindowCockpit needs. */
export interface WindowCockpitOptions {
  setup: CockpitSetup;
  store: DeckStore;
  model: LiveModel;
  context: string;
  release: string;
  namespace: string;
  window?: UpgradeWindow;
  /** Called once the screen is up (e.g. start the preflight). */
  onStart?: () => void;
  /** Called with the cockpit's wiring before the first frame (e.g. open a rollback prompt). */
  onCockpit?: (cockpit: Cockpit) => void;
}

/** Runs the cockpit until the operator quits; a running helm is interrupted and waited for. Returns the exit code. */
export async function runWindowCockpit(o: WindowCockpitOptions): Promise<number> {
  let stopLogs: (() => Promise<void>) | undefined;
  let signalled: string | undefined;
  const operator = process.env.USER || process.env.LOGNAME || safeUser();
  const handle = runCockpit({
    store: o.store,
    release: o.release,
    namespace: o.namespace,
    context: o.context,
    theme: o.setup.theme,
    keymap: o.setup.keymap,
    readOnly: o.setup.readOnly,
    production: o.setup.production,
    startedAt: Date.now(),
    // A TTY was checked by the caller; Ink would otherwise render only on exit when CI=true is set.
    interactive: true,
    ...(o.window ? { window: o.window } : {}),
    ...(operator ? { operator } : {}),
    onSelectLogs(pod, container, previous) {
      void stopLogs?.();
      stopLogs = o.model.followLogs(logViewId({ namespace: pod.namespace, pod: pod.name, container, previous }), { pod: pod.name, container, previous });
    },
    onCockpit(cockpit) {
      if (o.window) {
        const w = o.window;
        // The fail-fast offer needs the screen: it is a prompt like any other.
        w.setFailFastHandler((pods) => offerFailFastRollback(cockpit, w, pods));
      }
      o.onCockpit?.(cockpit);
    },
  });
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
    for (const s of signals) process.off(s, onSignal);
  }
  const w = o.window;
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

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
