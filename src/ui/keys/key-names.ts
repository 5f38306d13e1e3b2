// Key names: one canonical spelling per key ("ctrl+r", "shift+tab", "G",
// "pagedown"), shared by the command table, the config file and matchKey, so
// a binding written by a user compares equal to what Ink reports. Only keys a
// terminal can actually send (and Ink can tell apart) are accepted.

/** Keys with names, as Ink's useInput flags them. */
export const NAMED_KEYS = ['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'delete', 'space'] as const;

const ALIASES: Record<string, string> = { enter: 'return', esc: 'escape', pgup: 'pageup', pgdn: 'pagedown', del: 'delete', alt: 'meta', control: 'ctrl' };

// Keys whose shifted form a terminal sends as a distinct sequence.
const SHIFTABLE = new Set(['tab', 'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'delete']);

// Ctrl+letter bytes that are other keys on the wire: ^H backspace, ^I tab, ^J newline, ^M return.
const CTRL_TAKEN: Record<string, string> = { h: 'backspace', i: 'tab', j: 'return', m: 'return' };

/** The canonical name of a key written by a person, or { error } saying why it is not a key. */
export function parseKeyName(text: string): { key: string } | { error: string } {
  const raw = text.trim();
  if (!raw) return { error: 'empty key' };
  const parts = raw === '+' ? ['+'] : raw.endsWith('++') ? [...raw.slice(0, -2).split('+'), '+'] : raw.split('+');
  let base = parts.pop() ?? '';
  const mods = new Set<string>();
  for (const p of parts) {
    const m = ALIASES[p.toLowerCase()] ?? p.toLowerCase();
    if (m !== 'ctrl' && m !== 'meta' && m !== 'shift') return { error: `"${p}" is not a modifier (use ctrl, meta/alt or shift)` };
    mods.add(m);
  }
  if (!base) return { error: 'nothing after the last "+"' };
  const named = ALIASES[base.toLowerCase()] ?? base.toLowerCase();
  if ([...base].length > 1) {
    if (!(NAMED_KEYS as readonly string[]).includes(named)) return { error: `unknown key name "${base}" (named keys: ${NAMED_KEYS.join(', ')})` };
    if (mods.has('shift') && !SHIFTABLE.has(named)) return { error: `terminals do not send shift+${named}` };
    return { key: join(mods, named) };
  }
  if (/\p{C}|\s/u.test(base)) return { error: 'not a printable character (write space, tab, return… by name)' };
  if (mods.has('shift')) {
    if (!/^[a-z]$/i.test(base)) return { error: `write the character shift produces instead of shift+${base}` };
    if (mods.has('ctrl')) return { error: `terminals cannot tell ctrl+shift+${base.toLowerCase()} from ctrl+${base.toLowerCase()}` };
    mods.delete('shift');
    base = base.toUpperCase(); // Ink reports shift+g as input "G"
  }
  if (mods.has('ctrl')) {
    if (!/^[a-z]$/i.test(base)) return { error: 'terminals send ctrl only with letters' };
    // "Ctrl+R" is how people write ctrl+r; terminals send the same byte for both cases.
    base = base.toLowerCase();
    const taken = CTRL_TAKEN[base];
    if (taken) return { error: `terminals send ctrl+${base} as ${taken}` };
  }
  return { key: join(mods, base) };
}

function join(mods: Set<string>, base: string): string {
  return ['ctrl', 'meta', 'shift'].filter((m) => mods.has(m)).map((m) => `${m}+`).join('') + base;
}

const LABELS: Record<string, string> = {
  up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
  return: 'Enter', escape: 'Esc', tab: 'Tab', backspace: 'Backspace', delete: 'Del', space: 'Space',
};

/** How a canonical key name is shown to people: "ctrl+r" → "Ctrl+R", "return" → "Enter", "G" → "G". */
export function formatKey(key: string): string {
  const parts = key === '+' ? ['+'] : key.endsWith('++') ? [...key.slice(0, -2).split('+'), '+'] : key.split('+');
  const base = parts.pop() ?? '';
  const mods = parts.map((m) => ({ ctrl: 'Ctrl', meta: 'Alt', shift: 'Shift' })[m] ?? m);
  const shown = LABELS[base] ?? (mods.includes('Ctrl') ? base.toUpperCase() : base);
  return [...mods, shown].join('+');
}
