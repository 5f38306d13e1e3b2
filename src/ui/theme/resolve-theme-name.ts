// Which theme to use, from the flag, the environment and the config file.
//
// Precedence: --theme > NO_COLOR > HELMDECK_THEME > contexts[ctx].theme >
// theme > 'default'. NO_COLOR (set and non-empty, per no-color.org) beats
// every standing setting — the env var and the config file — because it is
// how a screen-reader setup, a recording or a dumb terminal asks for plain
// output, and a theme chosen months ago in a config file should not undo
// that. no-color.org suggests letting config files override NO_COLOR; we
// deliberately do not. Only --theme on this command line, a choice made just
// now for this run, overrides it.

/** Everything that can name a theme; empty strings count as not set. */
export interface ThemeNameInputs {
  /** --theme */
  flag?: string | undefined;
  /** HELMDECK_THEME */
  env?: string | undefined;
  config?: { theme?: string | undefined; contexts?: Record<string, { theme?: string | undefined }> } | undefined;
  /** The kube context the cockpit opens on. */
  context?: string | undefined;
  /** NO_COLOR is set and non-empty (see noColorRequested). */
  noColor?: boolean | undefined;
}

/** Where the chosen name came from, for "why is my theme not applied" in the help screen. */
export type ThemeNameSource = 'flag' | 'no-color' | 'env' | 'context' | 'config' | 'default';

/** The theme name and the setting it came from. */
export function resolveThemeChoice(i: ThemeNameInputs): { name: string; from: ThemeNameSource } {
  if (i.flag) return { name: i.flag, from: 'flag' };
  if (i.noColor) return { name: 'no-color', from: 'no-color' };
  if (i.env) return { name: i.env, from: 'env' };
  const contexts = i.config?.contexts;
  const perContext = i.context !== undefined && contexts && Object.hasOwn(contexts, i.context) ? contexts[i.context]?.theme : undefined;
  if (perContext) return { name: perContext, from: 'context' };
  if (i.config?.theme) return { name: i.config.theme, from: 'config' };
  return { name: 'default', from: 'default' };
}

/** The theme name to load (see the precedence above). */
export function resolveThemeName(i: ThemeNameInputs): string {
  return resolveThemeChoice(i).name;
}

/** NO_COLOR as no-color.org defines it: present and not an empty string, whatever its value. */
export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}
