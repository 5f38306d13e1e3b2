// Loads a theme file and validates it strictly: every token present, no
// unknown keys, every colour one Ink understands. A theme is loaded once at
// start, so a bad one stops helmdeck with one clear line instead of a
// half-coloured screen.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isScalar, type Node } from 'yaml';
import { ConfigError, joinPath } from '../../config/config-error.js';
import { YamlSource, displayPath } from '../../config/yaml-source.js';
import { describe, readBool, readMap, type MapEntry } from '../../config/yaml-schema.js';
import { packageRoot } from '../../package-root.js';
import { colourProblem } from './colour.js';
import { STATE_NAMES, THEME_SHAPE, type Leaf, type Theme, type ThemeSymbols, type ThemeTokens } from './theme-types.js';

/** Where the shipped themes are: <package>/themes (found from the package root: the bundle has its own depth). */
export function defaultThemesDir(): string {
  return path.join(packageRoot(), 'themes') + path.sep;
}

/** Theme names (file names without .yaml) found in the directories, sorted, without duplicates. */
export function listThemes(themesDir: string | readonly string[]): string[] {
  const names = new Set<string>();
  for (const dir of [themesDir].flat()) {
    try {
      for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) names.add(f.slice(0, -'.yaml'.length));
    } catch {
      // A user themes directory that does not exist simply adds no themes.
    }
  }
  return [...names].sort();
}

/**
 * Loads a theme by name (NAME.yaml in the first of themesDir that has it) or
 * by path (anything with a slash or a .yaml/.yml ending).
 */
export function loadTheme(nameOrPath: string, opts: { themesDir: string | readonly string[] }): Theme {
  const dirs = [opts.themesDir].flat();
  const isPath = /[\\/]/.test(nameOrPath) || /\.ya?ml$/.test(nameOrPath);
  if (!isPath && !/^[A-Za-z0-9][\w-]*$/.test(nameOrPath)) {
    throw new ConfigError({ file: nameOrPath, line: 0, column: 0 }, '', 'not a theme name (letters, digits, - and _) or a path to a .yaml file');
  }
  const candidates = isPath ? [nameOrPath] : dirs.map((d) => path.join(d, `${nameOrPath}.yaml`));
  for (const file of candidates) {
    const src = YamlSource.read(file);
    if (src) return parseTheme(src, isPath ? src.file : nameOrPath);
  }
  const available = listThemes(dirs);
  const where = displayPath(candidates[0] ?? nameOrPath);
  throw new ConfigError({ file: where, line: 0, column: 0 }, '', `no such theme${available.length ? ` (available: ${available.join(', ')})` : ''}`);
}

/** Validates a parsed theme document (loadTheme's second half; tests call it on text). */
export function parseTheme(src: YamlSource, name: string): Theme {
  const root = src.root;
  if (root === null) throw src.error(null, '', 'the theme file is empty; it needs every token and the symbols');
  // Tokens sit at the top level, so "state.failed" in a message is the path in the file.
  const entries = readMap(src, root, '', ['description', 'palette', 'symbols', ...Object.keys(THEME_SHAPE)]);
  const get = (key: string): MapEntry | undefined => entries.find((e) => e.key === key);
  const description = get('description');
  const palette = get('palette');
  if (palette) for (const p of readMap(src, palette.value, 'palette', null)) readColour(src, p);
  const tokens = readTokens(src, root, '', entries, THEME_SHAPE) as unknown as ThemeTokens;
  const symbols = get('symbols');
  if (!symbols) throw src.error(root, 'symbols', `missing (one character for each of ${STATE_NAMES.join(', ')})`);
  const theme: Theme = { name, tokens, symbols: readSymbols(src, symbols.value) };
  if (description) theme.description = readText(src, description);
  return theme;
}

type ShapeNode = { [key: string]: Leaf | ShapeNode };

function readTokens(src: YamlSource, node: Node, base: string, entries: MapEntry[], shape: ShapeNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, leaf] of Object.entries(shape)) {
    const e = entries.find((x) => x.key === key);
    if (!e) {
      if (leaf === 'flag') continue;
      throw src.error(node, joinPath(base, key), 'missing (every theme sets every token; write ~ to keep the terminal colour)');
    }
    if (leaf === 'colour') out[key] = readColour(src, e);
    else if (leaf === 'flag') out[key] = readBool(src, e);
    else out[key] = readTokens(src, e.value ?? e.at, e.path, readMap(src, e.value, e.path, Object.keys(leaf)), leaf);
  }
  return out;
}

function readColour(src: YamlSource, e: MapEntry): string | undefined {
  const v = isScalar(e.value) ? e.value.value : undefined;
  if (e.value === null || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw src.error(e.at, e.path, `expected a colour name or #rrggbb, got ${describe(e.value)}`);
  const problem = colourProblem(v);
  if (problem) throw src.error(e.at, e.path, problem);
  return v;
}

function readSymbols(src: YamlSource, node: Node | null): ThemeSymbols {
  const entries = readMap(src, node, 'symbols', STATE_NAMES);
  const out: Partial<ThemeSymbols> = {};
  for (const state of STATE_NAMES) {
    const e = entries.find((x) => x.key === state);
    if (!e) throw src.error(node, `symbols.${state}`, 'missing (one character; "" for none)');
    const text = readText(src, e);
    // The panes reserve one column for the symbol; more would shift every row.
    if ([...text].length > 1 || /\p{C}/u.test(text)) throw src.error(e.at, e.path, `${JSON.stringify(text)} must be one printable character (or "")`);
    out[state] = text;
  }
  return out as ThemeSymbols;
}

function readText(src: YamlSource, e: MapEntry): string {
  if (isScalar(e.value) && typeof e.value.value === 'string') return e.value.value;
  throw src.error(e.at, e.path, `expected text, got ${describe(e.value)}`);
}
