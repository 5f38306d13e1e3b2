// The keymap: the command table's default keys, with the user's overrides
// from the config file applied and validated, and --readonly applied. Panes
// turn a keypress into a command id with resolve(); they never compare keys.
import { ConfigError, type SourcePosition } from '../../config/config-error.js';
import { suggest } from '../../config/yaml-schema.js';
import { COMMANDS, SCOPES, type CommandId, type CommandSpec, type Scope } from './commands.js';
import { parseKeyName } from './key-names.js';

/** Ink's (input, key) → key name; re-exported so panes import keys from one place. */
export { matchKey } from './match-key.js';

/** One command with the keys it ended up with. */
export interface KeymapEntry {
  command: CommandSpec & { id: CommandId };
  keys: readonly string[];
}

/** Commands and their keys, indexed by scope for resolve(). */
export interface Keymap {
  readonly readOnly: boolean;
  /** In table order; without the dangerous commands in read-only mode. */
  readonly entries: readonly KeymapEntry[];
  readonly byScope: ReadonlyMap<Scope, ReadonlyMap<string, CommandId>>;
}

/** What buildKeymap takes: the config's `keys` overrides and where they were written. */
export interface KeymapOptions {
  /** Command id → keys replacing its defaults ([] unbinds it). */
  overrides?: Readonly<Record<string, readonly string[]>>;
  /** Config.origins: "keys.ID[i]" → position, so errors point at the line. */
  origins?: ReadonlyMap<string, SourcePosition>;
  /** The config file's name, for errors when origins do not know the position. */
  file?: string;
  /** --readonly: drop every dangerous command (k9s's rule: absent, not merely disabled). */
  readOnly?: boolean;
  /** The command table; tests pass their own. */
  commands?: readonly CommandSpec[];
}

/** Builds the keymap; a bad override throws a ConfigError naming the config file, line and key. */
export function buildKeymap(opts: KeymapOptions = {}): Keymap {
  const commands = opts.commands ?? COMMANDS;
  const overrides = opts.overrides ?? {};
  const fail = (path: string, reason: string): ConfigError =>
    new ConfigError(opts.origins?.get(path) ?? opts.origins?.get(path.replace(/\[\d+\]$/, '')) ?? { file: opts.file ?? 'keys', line: 0, column: 0 }, path, reason);

  for (const id of Object.keys(overrides)) {
    if (!commands.some((c) => c.id === id)) {
      const hint = suggest(id, commands.map((c) => c.id));
      throw fail(`keys.${id}`, `unknown command${hint ? ` (did you mean ${hint}?)` : ''}; the help screen (?) lists them`);
    }
  }
  // Every command is validated and checked for clashes, read-only or not, so
  // a config file that works in one mode works in the other.
  const all: KeymapEntry[] = commands.map((command) => {
    const custom = overrides[command.id];
    const written = custom ?? command.keys;
    const keys = written.map((text, i) => {
      const parsed = parseKeyName(text);
      if ('error' in parsed) {
        if (custom) throw fail(`keys.${command.id}[${i}]`, `${JSON.stringify(text)} is not a key: ${parsed.error}`);
        throw new Error(`command table: ${command.id}: ${JSON.stringify(text)}: ${parsed.error}`);
      }
      return parsed.key;
    });
    return { command: command as KeymapEntry['command'], keys: [...new Set(keys)] };
  });

  const byScope = new Map<Scope, Map<string, CommandId>>(SCOPES.map((s) => [s, new Map()]));
  for (const { command, keys } of all) {
    const scope = byScope.get(command.scope)!;
    keys.forEach((key, i) => {
      const other = scope.get(key);
      if (other !== undefined) {
        // Point at whichever of the two the user wrote.
        const userSide = overrides[command.id] ? command.id : overrides[other] ? other : undefined;
        const msg = `"${key}" is bound to both ${other} and ${command.id} in the ${command.scope} scope; rebind one of them`;
        if (!userSide) throw new Error(`command table: ${msg}`);
        const idx = userSide === command.id ? i : all.find((e) => e.command.id === other)!.keys.indexOf(key);
        throw fail(`keys.${userSide}[${idx}]`, msg);
      }
      scope.set(key, command.id);
    });
  }

  const readOnly = opts.readOnly ?? false;
  const entries = readOnly ? all.filter((e) => !e.command.dangerous) : all;
  if (readOnly) {
    for (const e of all) if (e.command.dangerous) for (const k of e.keys) byScope.get(e.command.scope)!.delete(k);
  }
  return { readOnly, entries, byScope };
}

/**
 * The command a key runs given the active scopes, tried in the order given
 * (a dialog's first, then the focused pane's, e.g. ['history', 'list']);
 * 'global' is always tried last. Undefined when the key is not bound.
 */
export function resolve(keymap: Keymap, keyName: string | undefined, scopes: readonly Scope[]): CommandId | undefined {
  if (keyName === undefined) return undefined;
  for (const scope of [...scopes, 'global'] as const) {
    const id = keymap.byScope.get(scope)?.get(keyName);
    if (id !== undefined) return id;
  }
  return undefined;
}

/** The keys bound to a command (empty when unbound or removed by --readonly). */
export function keysFor(keymap: Keymap, id: CommandId): readonly string[] {
  return keymap.entries.find((e) => e.command.id === id)?.keys ?? [];
}
