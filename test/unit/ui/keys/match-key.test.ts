import { describe, expect, it } from 'vitest';
import { parseKeyName } from '../../../../src/ui/keys/key-names.js';
import { matchKey, type KeyFlags } from '../../../../src/ui/keys/match-key.js';

// What Ink 8's useInput passes for each keypress (input, key flags), from its
// parse-keypress/use-input: e.g. shift+g arrives as input "G" with shift set,
// ctrl+r as input "r" with ctrl set, return as "\r" with return set.
const cases: Array<[string, string, KeyFlags, string | undefined]> = [
  ['j', 'j', {}, 'j'],
  ['shift+g', 'G', { shift: true }, 'G'],
  ['?', '?', {}, '?'],
  ['/', '/', {}, '/'],
  ['digit', '3', {}, '3'],
  ['down arrow', '', { downArrow: true }, 'down'],
  ['up arrow', '', { upArrow: true }, 'up'],
  ['page down', '', { pageDown: true }, 'pagedown'],
  ['page up', '', { pageUp: true }, 'pageup'],
  ['home', '', { home: true }, 'home'],
  ['end', '', { end: true }, 'end'],
  ['tab', '', { tab: true }, 'tab'],
  ['shift+tab', '', { tab: true, shift: true }, 'shift+tab'],
  ['return', '\r', { return: true }, 'return'],
  ['return under kitty (no flag)', '\r', {}, 'return'],
  ['escape', '', { escape: true }, 'escape'],
  ['space', ' ', {}, 'space'],
  ['ctrl+c', 'c', { ctrl: true }, 'ctrl+c'],
  ['ctrl+r', 'r', { ctrl: true }, 'ctrl+r'],
  ['ctrl+shift+r under kitty', 'R', { ctrl: true, shift: true }, 'ctrl+r'],
  ['ctrl+up', '', { upArrow: true, ctrl: true }, 'ctrl+up'],
  ['alt+x', 'x', { meta: true }, 'meta+x'],
  ['backspace', '', { backspace: true }, 'backspace'],
  ['a paste is not a key', 'kubectl', {}, undefined],
  ['a kitty key release is ignored', 'j', { eventType: 'release' }, undefined],
  ['an unresolved escape sequence', '', {}, undefined],
  ['a control byte', '\u0007', {}, undefined],
];

describe('matchKey', () => {
  it.each(cases)('%s', (_name, input, key, expected) => {
    expect(matchKey(input, key)).toBe(expected);
  });

  it('produces the same names parseKeyName gives for what a person writes', () => {
    for (const [, input, key, expected] of cases) {
      if (expected === undefined) continue;
      expect(parseKeyName(expected)).toEqual({ key: expected });
      expect(matchKey(input, key)).toBe(expected);
    }
  });
});
