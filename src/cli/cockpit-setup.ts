// What every command that opens the cockpit reads first: the config file,
// theme, keymap and lag sources for the kube context. Every bad input is
// refused here with one line, before the screen opens. Kept apart from
// open-cockpit.ts so checking them does not wait for Ink and React to load.
import type { ParseArgsOptionsConfig } from 'node:util';
import type { Config } from '../config/config.js';
import { isProductionContext } from '../config/is-production-context.js';
import type { LagSource } from '../lag/types.js';
import { COCKPIT_COMMANDS } from '../ui/keys/cockpit-commands.js';
import { buildKeymap, type Keymap } from '../ui/keys/keymap.js';
import { defaultThemesDir, loadTheme } from '../ui/theme/load-theme.js';
import { noColorRequested, resolveThemeChoice } from '../ui/theme/resolve-theme-name.js';
import type { Theme } from '../ui/theme/theme-types.js';
import { commandConfig, configFlagOptions } from './command-config.js';
import { UsageError } from './usage-error.js';

/** parseArgs options of every command that opens the cockpit. */
export const cockpitFlagOptions = {
  theme: { type: 'string' },
  readonly: { type: 'boolean', default: false },
  ...configFlagOptions,
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
  const { config, lagSources } = commandConfig(flags);
  const choice = resolveThemeChoice({ flag: flags.theme, env: process.env.HELMDECK_THEME, config, context, noColor: noColorRequested(process.env) });
  const theme = loadTheme(choice.name, { themesDir: defaultThemesDir() });
  const readOnly = flags.readonly === true;
  const keymap = buildKeymap({ commands: COCKPIT_COMMANDS, overrides: config.keys, origins: config.origins, file: config.file, readOnly });
  return { config, theme, keymap, lagSources, production: isProductionContext(config, context), readOnly };
}

/** The cockpit needs a terminal on both ends. */
export function requireTerminal(): void {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UsageError('the cockpit needs a terminal (stdin and stdout must be a TTY); for scripts use helmdeck status, or --headless --yes', 1);
  }
}
