// Views of the keymap for people: the help overlay's rows, the key bar and
// the README's key table. All three come from the keymap, so they cannot
// disagree with what the keys actually do.
import { type CommandContext, type CommandId, type Scope } from './commands.js';
import { formatKey } from './key-names.js';
import { resolve, type Keymap } from './keymap.js';

/** A heading per scope, as help and the README show it. */
export const SCOPE_TITLES: Record<Scope, string> = {
  global: 'Everywhere',
  list: 'Lists (every pane)',
  logs: 'Logs pane',
  history: 'Helm history pane',
  checklist: 'Checklist pane',
  dialog: 'Dialogs',
};

// Help reads top-down from what is always available to what is specific.
const HELP_ORDER: readonly Scope[] = ['global', 'list', 'logs', 'history', 'checklist', 'dialog'];

/** One line of the help overlay. */
export interface HelpRow {
  command: CommandId;
  /** Display names ("Ctrl+R", "Enter"), in binding order. */
  keys: string[];
  description: string;
  dangerous: boolean;
}

/** The help overlay's content: one group per scope that has commands, in reading order. */
export function helpRows(keymap: Keymap): Array<{ scope: Scope; title: string; rows: HelpRow[] }> {
  return HELP_ORDER.map((scope) => ({
    scope,
    title: SCOPE_TITLES[scope],
    rows: keymap.entries
      .filter((e) => e.command.scope === scope && e.keys.length > 0)
      .map((e) => ({ command: e.command.id, keys: e.keys.map(formatKey), description: e.command.description, dangerous: e.command.dangerous })),
  })).filter((g) => g.rows.length > 0);
}

/** The README's key table (GitHub Markdown), generated so the docs match the defaults. */
export function keysMarkdownTable(keymap: Keymap): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = ['| Keys | Command | Where | What it does |', '| --- | --- | --- | --- |'];
  for (const group of helpRows(keymap)) {
    for (const r of group.rows) {
      const keys = r.keys.map((k) => `\`${cell(k)}\``).join(', ');
      const what = r.dangerous ? `${r.description} — *dangerous: hidden by \`--readonly\`*` : r.description;
      lines.push(`| ${keys} | \`${r.command}\` | ${group.title} | ${cell(what)} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** One item of the key bar. */
export interface KeyBarItem {
  command: CommandId;
  key: string;
  label: string;
  dangerous: boolean;
  /** Why it cannot run now; the bar dims it and help can say why. */
  disabled?: string;
}

/**
 * The key bar for the active scopes (as passed to resolve): the focused
 * pane's commands first, then the global ones. A command shows only when its
 * first key actually reaches it (not shadowed by a more specific scope).
 */
export function keyBar(keymap: Keymap, scopes: readonly Scope[], ctx: CommandContext = {}): KeyBarItem[] {
  const active = [...scopes.filter((s) => s !== 'global'), 'global'] as Scope[];
  const items: KeyBarItem[] = [];
  for (const scope of active) {
    for (const e of keymap.entries) {
      const key = e.keys[0];
      if (e.command.scope !== scope || !e.command.bar || key === undefined) continue;
      if (resolve(keymap, key, scopes) !== e.command.id) continue;
      const item: KeyBarItem = { command: e.command.id, key: formatKey(key), label: e.command.label, dangerous: e.command.dangerous };
      const why = e.command.disabledWhy?.(ctx);
      if (why) item.disabled = why;
      items.push(item);
    }
  }
  return items;
}
