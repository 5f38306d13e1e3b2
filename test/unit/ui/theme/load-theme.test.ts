import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/config/config-error.js';
import { YamlSource } from '../../../../src/config/yaml-source.js';
import { isColour } from '../../../../src/ui/theme/colour.js';
import { defaultThemesDir, listThemes, loadTheme, parseTheme } from '../../../../src/ui/theme/load-theme.js';
import { STATE_NAMES, THEME_SHAPE, type Theme } from '../../../../src/ui/theme/theme-types.js';
import { VALID_THEME, lineCol, tempDir } from './theme-fixture.js';

const SHIPPED = ['default', 'high-contrast', 'light', 'no-color'];

/** Every colour leaf of a theme as [path, value, whether it is a foreground drawn on the terminal's own background]. */
function colours(theme: Theme): Array<[string, string | undefined, boolean]> {
  const out: Array<[string, string | undefined, boolean]> = [];
  const walk = (shape: object, values: Record<string, unknown>, base: string, hasBg: boolean): void => {
    for (const [k, leaf] of Object.entries(shape)) {
      const p = base ? `${base}.${k}` : k;
      if (leaf !== 'flag') expect(values, `token ${p}`).toHaveProperty([k]);
      if (leaf === 'colour') out.push([p, values[k] as string | undefined, hasBg || k === 'bg' || k === 'background']);
      else if (typeof leaf === 'object') {
        const sub = values[k] as Record<string, unknown>;
        walk(leaf, sub, p, 'bg' in leaf && sub.bg !== undefined);
      }
    }
  };
  walk(THEME_SHAPE, theme.tokens as unknown as Record<string, unknown>, '', false);
  return out;
}

function parse(text: string): Theme {
  return parseTheme(YamlSource.parse(text, 'themes/x.yaml'), 'x');
}

// WCAG relative luminance and contrast ratio, to check "reads well" with numbers.
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('shipped themes', () => {
  it('lists the four required themes', () => {
    expect(listThemes(defaultThemesDir())).toEqual(expect.arrayContaining(SHIPPED));
  });

  it.each(listThemes(defaultThemesDir()))('%s has every token, valid colours and one-character symbols', (name) => {
    const theme = loadTheme(name, { themesDir: defaultThemesDir() });
    expect(theme.name).toBe(name);
    const leaves = colours(theme);
    expect(leaves.length).toBeGreaterThan(25);
    for (const [p, v] of leaves) if (v !== undefined) expect(isColour(v), `${name}: ${p} = ${v}`).toBe(true);
    for (const s of STATE_NAMES) expect([...theme.symbols[s]]).toHaveLength(1);
    expect(new Set(Object.values(theme.symbols)).size).toBe(STATE_NAMES.length);
  });

  it('no-color sets no colour at all but keeps the selection and production banner visible', () => {
    const theme = loadTheme('no-color', { themesDir: defaultThemesDir() });
    expect(colours(theme).filter(([, v]) => v !== undefined)).toEqual([]);
    expect(theme.tokens.selection.inverse).toBe(true);
    expect(theme.tokens.banner.production.inverse).toBe(true);
    expect(theme.tokens.log.highlight.inverse).toBe(true);
  });

  it('default keeps the terminal background and uses only mid-tone ANSI names for text on it', () => {
    const theme = loadTheme('default', { themesDir: defaultThemesDir() });
    expect(theme.tokens.background).toBeUndefined();
    expect(theme.tokens.text).toBeUndefined();
    for (const [p, v, onOwnBg] of colours(theme)) {
      if (v === undefined) continue;
      expect(v.startsWith('#'), `${p} = ${v}: hex ignores the user's palette`).toBe(false);
      // Near-white or near-black text vanishes on one of the two kinds of terminal.
      if (!onOwnBg) expect(['white', 'whiteBright', 'black', 'blackBright'], `${p} = ${v}`).not.toContain(v);
    }
  });

  it('default states are five different colours', () => {
    const { state } = loadTheme('default', { themesDir: defaultThemesDir() }).tokens;
    expect(new Set(STATE_NAMES.map((s) => state[s])).size).toBe(5);
  });

  it('high-contrast: 7:1 text, 4.5:1 states on its own background, no red/green pair', () => {
    const { tokens } = loadTheme('high-contrast', { themesDir: defaultThemesDir() });
    const bg = tokens.background!;
    expect(contrast(tokens.text!, bg)).toBeGreaterThanOrEqual(7);
    for (const s of STATE_NAMES) expect(contrast(tokens.state[s]!, bg), s).toBeGreaterThanOrEqual(4.5);
    expect(new Set(STATE_NAMES.map((s) => tokens.state[s])).size).toBe(5);
    for (const c of [tokens.state.ok, tokens.diff.added]) expect(['green', 'greenBright', 'red', 'redBright']).not.toContain(c);
    expect(contrast(tokens.banner.production.fg!, tokens.banner.production.bg!)).toBeGreaterThanOrEqual(7);
  });

  it('light: states and text reach 4.5:1 on a white background', () => {
    const { tokens } = loadTheme('light', { themesDir: defaultThemesDir() });
    for (const s of STATE_NAMES) expect(contrast(tokens.state[s]!, '#ffffff'), s).toBeGreaterThanOrEqual(4.5);
    expect(contrast(tokens.text!, '#ffffff')).toBeGreaterThanOrEqual(7);
  });
});

describe('parseTheme', () => {
  it('accepts the fixture and resolves aliases', () => {
    const theme = parse(VALID_THEME);
    expect(theme.tokens.state.failed).toBe('red');
    expect(theme.tokens.banner.production).toEqual({ fg: 'white', bg: 'red', bold: true });
    expect(theme.tokens.text).toBeUndefined();
    expect(theme.description).toBe('test theme');
  });

  const bad: Array<[string, string, string, string]> = [
    // [case, text, where (needle in text), expected message part]
    ['unknown key', VALID_THEME.replace('title: cyan', 'title: cyan\nborderFocussed: cyan'), 'borderFocussed', 'borderFocussed: unknown key (did you mean "borderFocused"?)'],
    ['unknown nested key', VALID_THEME.replace('  unknown: gray', '  unknown: gray\n  stale: gray'), 'stale', 'state.stale: unknown key'],
    ['misspelt colour', VALID_THEME.replace('warning: yellow', 'warning: yelow'), 'yelow', 'state.warning: "yelow" is not a colour (did you mean yellow?'],
    ['colour in the wrong case', VALID_THEME.replace('muted: gray', 'muted: Gray'), 'Gray', 'muted: "Gray" is not a colour (did you mean gray?'],
    ['not a colour at all', VALID_THEME.replace('pod: magenta', 'pod: purple'), 'purple', 'log.pod: "purple" is not a colour (use a name such as red, or #rrggbb)'],
    ['short hex typo', VALID_THEME.replace('"#00aaff"', '"#00aafg"'), '"#00aafg"', 'sparkline: "#00aafg" is not a colour'],
    ['bad colour behind an alias', VALID_THEME.replace('bad: &bad red', 'bad: &bad reed'), 'reed', 'palette.bad: "reed" is not a colour (did you mean red?'],
    ['number as a colour', VALID_THEME.replace('title: cyan', 'title: 12'), '12', 'title: expected a colour name or #rrggbb, got the number 12'],
    ['flag not boolean', VALID_THEME.replace('inverse: true', 'inverse: "yes"'), '"yes"', 'statusBar.inverse: expected true or false'],
    ['missing token', VALID_THEME.replace('  removed: *bad\n', ''), 'added: *good', 'diff.removed: missing'],
    ['missing top-level token', VALID_THEME.replace('sparkline: "#00aaff"\n', ''), 'description', 'sparkline: missing'],
    ['style without bg', VALID_THEME.replace('{ fg: black, bg: cyan }', '{ fg: black }'), '{ fg: black }', 'selection.bg: missing'],
    ['missing symbols', VALID_THEME.slice(0, VALID_THEME.indexOf('symbols:')), 'description', 'symbols: missing'],
    ['symbol too wide', VALID_THEME.replace('ok: ✓', 'ok: OK'), 'OK', 'symbols.ok: "OK" must be one printable character'],
    ['token given a map', VALID_THEME.replace('text: ~', 'text: { fg: red }'), '{ fg: red }', 'text: expected a colour name or #rrggbb, got a map'],
    ['alias to no anchor', VALID_THEME.replace('pod: magenta', 'pod: *nope'), '*nope', 'log.pod: *nope refers to no anchor'],
    ['YAML syntax error', VALID_THEME.replace('  ok: *good', '  ok: [green'), 'symbols', 'YAML syntax error'],
  ];

  it.each(bad)('%s: names the file, line, column and key', (_case, text, needle, message) => {
    let err: unknown;
    try {
      parse(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as ConfigError).message;
    expect(msg).toContain(message);
    if (_case !== 'YAML syntax error') expect(msg.startsWith(`themes/x.yaml:${lineCol(text, needle)}: `), msg).toBe(true);
    else expect(msg).toMatch(/^themes\/x\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('rejects a duplicate key as a syntax error at its line', () => {
    const text = VALID_THEME.replace('muted: gray', 'muted: gray\nmuted: cyan');
    expect(() => parse(text)).toThrow(/^themes\/x\.yaml:8:1: YAML syntax error: .*unique/);
  });

  it('rejects an empty file', () => {
    expect(() => parse('# nothing\n')).toThrow('themes/x.yaml: the theme file is empty');
  });
});

describe('loadTheme', () => {
  it('loads by name from the first directory that has it, and by path', () => {
    const user = tempDir({ 'default.yaml': VALID_THEME.replace('sparkline: "#00aaff"', 'sparkline: blue') });
    expect(loadTheme('default', { themesDir: [user, defaultThemesDir()] }).tokens.sparkline).toBe('blue');
    expect(loadTheme('light', { themesDir: [user, defaultThemesDir()] }).name).toBe('light');
    const byPath = loadTheme(path.join(user, 'default.yaml'), { themesDir: defaultThemesDir() });
    expect(byPath.tokens.sparkline).toBe('blue');
  });

  it('names the missing file and the themes that exist', () => {
    expect(() => loadTheme('solarized', { themesDir: defaultThemesDir() })).toThrow(/solarized\.yaml: no such theme \(available: default, high-contrast, light, no-color/);
  });

  it('rejects a name that is neither a theme name nor a path', () => {
    expect(() => loadTheme('my theme', { themesDir: defaultThemesDir() })).toThrow('not a theme name');
  });

  it('reports errors with the path the user gave', () => {
    const dir = tempDir({ 'x.yaml': VALID_THEME.replace('failed: *bad', 'failed: reed') });
    const rel = path.relative(process.cwd(), path.join(dir, 'x.yaml'));
    const shown = rel.startsWith('..') ? path.join(dir, 'x.yaml') : rel;
    expect(() => loadTheme('x', { themesDir: dir })).toThrow(`${shown}:${lineCol(VALID_THEME, 'failed: *bad').split(':')[0]}:11: state.failed: "reed" is not a colour`);
  });
});
