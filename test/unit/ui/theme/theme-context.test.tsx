import { beforeAll, describe, expect, it } from 'vitest';
import { defaultThemesDir, loadTheme } from '../../../../src/ui/theme/load-theme.js';
import { plainTheme, ThemeContext, useTheme } from '../../../../src/ui/theme/theme-context.js';
import type { Theme } from '../../../../src/ui/theme/theme-types.js';

// chalk decides whether to colour when it is first imported; force colour so
// "no colour codes" is a property of the theme, not of the test's stdout.
let ink: typeof import('ink');
beforeAll(async () => {
  process.env.FORCE_COLOR = '1';
  ink = await import('ink');
});

function FailedPod() {
  const { tokens, symbols } = useTheme();
  const { Text } = ink;
  return (
    <Text color={tokens.state.failed} backgroundColor={tokens.background}>
      {symbols.failed} api-7d9 CrashLoopBackOff
    </Text>
  );
}

const render = (theme?: Theme): string =>
  ink.renderToString(theme ? <ThemeContext value={theme}><FailedPod /></ThemeContext> : <FailedPod />, { columns: 60 });

// eslint-disable-next-line no-control-regex -- matching the terminal's escape codes is the point
const COLOUR_SGR = /\x1b\[(3[0-79]|9[0-7]|4[0-79]|10[0-7]|38;|48;)[\d;]*m/;

describe('ThemeContext / useTheme', () => {
  it('colours text with the token of the provided theme', () => {
    const out = render(loadTheme('default', { themesDir: defaultThemesDir() }));
    expect(out).toContain('\x1b[31m'); // red
    expect(out).toContain('✗ api-7d9');
  });

  it('no-color prints no colour codes at all', () => {
    const out = render(loadTheme('no-color', { themesDir: defaultThemesDir() }));
    expect(out).toContain('✗ api-7d9 CrashLoopBackOff');
    expect(out).not.toMatch(COLOUR_SGR);
  });

  it('without a provider components get the colourless plain theme', () => {
    const out = render();
    expect(out).not.toMatch(COLOUR_SGR);
    expect(out).toContain(plainTheme.symbols.failed);
    expect(plainTheme.tokens.selection.inverse).toBe(true);
  });
});
