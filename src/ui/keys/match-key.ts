// Turns what Ink's useInput hands a handler (input text + key flags) into the
// canonical key name the keymap is written in (see key-names.ts), so a pane
// never tests `key.ctrl && input === 'r'` itself.
import type { Key } from 'ink';

/** The flags matchKey reads; Ink's Key satisfies it, and tests can pass just the ones they set. */
export type KeyFlags = Partial<Omit<Key, 'eventType'>> & { eventType?: Key['eventType'] };

const NAMED_FLAGS = [
  ['upArrow', 'up'], ['downArrow', 'down'], ['leftArrow', 'left'], ['rightArrow', 'right'],
  ['pageUp', 'pageup'], ['pageDown', 'pagedown'], ['home', 'home'], ['end', 'end'],
  ['return', 'return'], ['escape', 'escape'], ['tab', 'tab'], ['backspace', 'backspace'], ['delete', 'delete'],
] as const;

/**
 * The canonical key name for one useInput call, or undefined for input that
 * is not one key (a paste, a key release under the kitty protocol, an
 * unrecognised escape sequence).
 */
export function matchKey(input: string, key: KeyFlags): string | undefined {
  // Kitty reports releases too; acting on them would run every command twice.
  if (key.eventType === 'release') return undefined;
  const ctrl = key.ctrl ? 'ctrl+' : '';
  const meta = key.meta ? 'meta+' : '';
  for (const [flag, name] of NAMED_FLAGS) {
    if (key[flag]) return `${ctrl}${meta}${key.shift ? 'shift+' : ''}${name}`;
  }
  // Ink passes return's "\r" (or a bare "\n" from some terminals) as input with no flag set under kitty.
  if (input === '\r' || input === '\n') return `${ctrl}${meta}return`;
  if (input === ' ') return `${ctrl}${meta}space`;
  const chars = [...input];
  if (chars.length !== 1) return undefined;
  const ch = chars[0]!;
  if (/\p{C}/u.test(ch)) return undefined;
  // Terminals cannot send ctrl+shift+letter apart from ctrl+letter, so ctrl names use the lower case.
  if (key.ctrl) return /^[a-z]$/i.test(ch) ? `ctrl+${meta}${ch.toLowerCase()}` : undefined;
  // Shift is already in the character: Ink reports shift+g as "G" and shift+/ as "?".
  return `${meta}${ch}`;
}
