// What a theme is: semantic tokens (what a colour means on screen, never
// which pane uses it) and the state symbols that carry meaning without hue.
// THEME_SHAPE is the same tree as data, so the loader validates exactly the
// tokens the type declares.

/** An Ink colour: a chalk name ('green', 'gray', 'redBright') or '#rrggbb'; undefined keeps the terminal's own. */
export type Colour = string | undefined;

/** A foreground/background pair with the two attributes that still work without colour. */
export interface Style {
  fg: Colour;
  bg: Colour;
  bold?: boolean;
  /** Swap the terminal's colours: how a selection stays visible in no-color. */
  inverse?: boolean;
}

/** The states the panes show for pods, rollouts, HPAs, lag and checks. */
export type StateName = 'ok' | 'progressing' | 'warning' | 'failed' | 'unknown';

/** Every colour a component may use. Components read these, never literal colours. */
export interface ThemeTokens {
  /** Behind the whole screen; undefined keeps the terminal's background (default, light). */
  background: Colour;
  text: Colour;
  /** Secondary text: ages, counts, hints. */
  muted: Colour;
  border: Colour;
  borderFocused: Colour;
  title: Colour;
  selection: Style;
  /** The key letters in the key bar and help. */
  keyHint: Colour;
  statusBar: Style;
  /** The banner shown while the context is production: loud on purpose. */
  banner: { production: Style };
  state: Record<StateName, Colour>;
  diff: { added: Colour; removed: Colour };
  /** highlight marks text matched by the log filter. */
  log: { highlight: Style; pod: Colour; container: Colour; timestamp: Colour };
  sparkline: Colour;
}

/** One character per state, shown next to the colour so state reads without hue. */
export type ThemeSymbols = Record<StateName, string>;

/** A loaded theme. */
export interface Theme {
  /** The file's base name ('default') or the path it was loaded from. */
  name: string;
  description?: string;
  tokens: ThemeTokens;
  symbols: ThemeSymbols;
}

/** A leaf kind in THEME_SHAPE: a colour that must be present (null allowed), or an optional flag. */
export type Leaf = 'colour' | 'flag';

type Shape<T> = { [K in keyof T]-?: NonNullable<T[K]> extends boolean ? 'flag' : NonNullable<T[K]> extends string ? 'colour' : Shape<T[K]> };

const style = { fg: 'colour', bg: 'colour', bold: 'flag', inverse: 'flag' } as const;

/** The token tree as data; typed against ThemeTokens so the two cannot drift apart. */
export const THEME_SHAPE: Shape<ThemeTokens> = {
  background: 'colour',
  text: 'colour',
  muted: 'colour',
  border: 'colour',
  borderFocused: 'colour',
  title: 'colour',
  selection: style,
  keyHint: 'colour',
  statusBar: style,
  banner: { production: style },
  state: { ok: 'colour', progressing: 'colour', warning: 'colour', failed: 'colour', unknown: 'colour' },
  diff: { added: 'colour', removed: 'colour' },
  log: { highlight: style, pod: 'colour', container: 'colour', timestamp: 'colour' },
  sparkline: 'colour',
};

/** The state names in display order (best to worst, then unknown). */
export const STATE_NAMES: readonly StateName[] = ['ok', 'progressing', 'warning', 'failed', 'unknown'];
