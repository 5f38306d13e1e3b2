// The theme in React context, not a module singleton: switching themes (or a
// test rendering two) re-renders the tree with the new tokens.
// Usage: <ThemeContext value={theme}>…</ThemeContext>; in a component,
// const { tokens, symbols } = useTheme(); <Text color={tokens.state.failed}>.
import { createContext, useContext } from 'react';
import { THEME_SHAPE, type Theme, type ThemeTokens } from './theme-types.js';

/** A theme with no colour at all, built in code so the context has a safe default without reading a file. */
export const plainTheme: Theme = {
  name: 'plain',
  description: 'No colour; the default when no ThemeContext is provided.',
  tokens: plainTokens(),
  symbols: { ok: '✓', progressing: '◌', warning: '!', failed: '✗', unknown: '?' },
};

/** Carries the active Theme; components outside any provider get plainTheme. */
export const ThemeContext = createContext<Theme>(plainTheme);

/** The active theme's tokens and symbols; components read these, never literal colours. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}

// Every colour undefined (Ink prints no colour codes), like themes/no-color.yaml;
// the selection, search highlight and production banner stay visible by inverse.
function plainTokens(): ThemeTokens {
  const blank = (shape: object): Record<string, unknown> =>
    Object.fromEntries(Object.entries(shape).filter(([, v]) => v !== 'flag').map(([k, v]) => [k, typeof v === 'object' ? blank(v as object) : undefined]));
  const tokens = blank(THEME_SHAPE) as unknown as ThemeTokens;
  tokens.selection.inverse = true;
  tokens.statusBar.inverse = true;
  tokens.log.highlight.inverse = true;
  tokens.banner.production = { fg: undefined, bg: undefined, bold: true, inverse: true };
  return tokens;
}
