import { describe, expect, it } from 'vitest';
import { noColorRequested, resolveThemeChoice, resolveThemeName, type ThemeNameInputs } from '../../../../src/ui/theme/resolve-theme-name.js';

const config = { theme: 'light', contexts: { 'eu-prod': { theme: 'high-contrast' }, dev: {} } };

describe('resolveThemeName precedence', () => {
  const cases: Array<[string, ThemeNameInputs, string, string]> = [
    ['nothing set', {}, 'default', 'default'],
    ['config theme', { config }, 'light', 'config'],
    ['context without a theme falls back to config', { config, context: 'dev' }, 'light', 'config'],
    ['per-context theme beats config theme', { config, context: 'eu-prod' }, 'high-contrast', 'context'],
    ['unknown context uses config theme', { config, context: 'other' }, 'light', 'config'],
    ['HELMDECK_THEME beats the config file', { config, context: 'eu-prod', env: 'mine' }, 'mine', 'env'],
    ['--theme beats HELMDECK_THEME', { config, context: 'eu-prod', env: 'mine', flag: 'flagged' }, 'flagged', 'flag'],
    ['NO_COLOR beats HELMDECK_THEME and config', { config, context: 'eu-prod', env: 'mine', noColor: true }, 'no-color', 'no-color'],
    ['NO_COLOR alone', { noColor: true }, 'no-color', 'no-color'],
    ['--theme beats NO_COLOR (an explicit choice for this run)', { flag: 'light', noColor: true }, 'light', 'flag'],
    ['empty strings count as unset', { flag: '', env: '', config: { theme: '' } }, 'default', 'default'],
    ['a context named like an Object property is not a theme', { config, context: 'constructor' }, 'light', 'config'],
  ];
  it.each(cases)('%s', (_name, inputs, name, from) => {
    expect(resolveThemeChoice(inputs)).toEqual({ name, from });
    expect(resolveThemeName(inputs)).toBe(name);
  });
});

describe('noColorRequested', () => {
  it.each([
    [{ NO_COLOR: '1' }, true],
    [{ NO_COLOR: '0' }, true], // any non-empty value, per no-color.org
    [{ NO_COLOR: '' }, false],
    [{}, false],
  ])('%j → %s', (env, expected) => {
    expect(noColorRequested(env)).toBe(expected);
  });
});
