import { describe, expect, it } from 'vitest';
import { formatKey, parseKeyName } from '../../../../src/ui/keys/key-names.js';

describe('parseKeyName', () => {
  it.each([
    ['j', 'j'],
    ['G', 'G'],
    ['shift+g', 'G'],
    ['Shift+G', 'G'],
    ['?', '?'],
    ['/', '/'],
    ['+', '+'],
    ['meta++', 'meta++'],
    ['1', '1'],
    ['ctrl+c', 'ctrl+c'],
    ['Ctrl+R', 'ctrl+r'], // written upper case, still the plain letter: terminals send the same byte
    ['alt+x', 'meta+x'],
    ['shift+ctrl+up', 'ctrl+shift+up'],
    ['enter', 'return'],
    ['Esc', 'escape'],
    ['PgDn', 'pagedown'],
    ['shift+tab', 'shift+tab'],
    ['space', 'space'],
    [' ctrl+d ', 'ctrl+d'],
  ])('%j → %j', (text, key) => {
    expect(parseKeyName(text)).toEqual({ key });
  });

  it.each([
    ['', 'empty key'],
    ['ctrl+', 'nothing after'],
    ['hyper+x', '"hyper" is not a modifier'],
    ['f1', 'unknown key name "f1"'],
    ['jj', 'unknown key name "jj"'],
    ['shift+/', 'write the character shift produces'],
    ['shift+return', 'terminals do not send shift+return'],
    ['ctrl+1', 'ctrl only with letters'],
    ['ctrl+shift+r', 'cannot tell ctrl+shift+r from ctrl+r'],
    ['ctrl+m', 'ctrl+m as return'],
    ['ctrl+i', 'ctrl+i as tab'],
    ['\t', 'empty key'],
    ['\u0007', 'not a printable character'],
  ])('%j is rejected: %s', (text, why) => {
    const r = parseKeyName(text);
    expect('error' in r && r.error).toContain(why);
  });
});

describe('formatKey', () => {
  it.each([
    ['ctrl+c', 'Ctrl+C'],
    ['return', 'Enter'],
    ['escape', 'Esc'],
    ['shift+tab', 'Shift+Tab'],
    ['pagedown', 'PgDn'],
    ['G', 'G'],
    ['meta+x', 'Alt+x'],
    ['down', '↓'],
    ['+', '+'],
  ])('%s → %s', (key, shown) => {
    expect(formatKey(key)).toBe(shown);
  });
});
