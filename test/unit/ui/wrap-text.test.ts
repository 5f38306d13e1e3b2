// Prompt and overlay lines wrap at spaces: "(SIGINT)" never becomes
// "(S" + "IGINT)", and only a word wider than the line is cut.
import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../../src/ui/overlays/overlay-lines.js';
import { wrapText } from '../../../src/ui/overlays/wrap-text.js';

describe('wrapText', () => {
  it.each([
    ['Rolling back now interrupts it (SIGINT), then runs:', 32, ['Rolling back now interrupts it', '(SIGINT), then runs:']],
    ['short', 10, ['short']],
    ['exactly ten', 11, ['exactly ten']],
    ['  ↳ a hanging indent stays with its line', 20, ['  ↳ a hanging indent', '  stays with its', '  line']],
    ['https://example.invalid/a/very/long/path', 16, ['https://example.', 'invalid/a/very/l', 'ong/path']],
    ['word  spaced   out words', 10, ['word', 'spaced', 'out words']],
  ])('%j at %i', (text, width, want) => {
    const got = wrapText(text, width);
    expect(got).toEqual(want);
    for (const l of got) expect([...l].length).toBeLessThanOrEqual(width);
  });

  it('keeps every word whole when each fits, at any width', () => {
    const text = 'helm is still waiting (up to its --timeout). Rolling back now interrupts it (SIGINT), then runs:';
    const words = text.split(' ');
    for (let w = 14; w <= 60; w++) {
      const out = wrapText(text, w);
      expect(out.join(' ').split(/ +/), `width ${w}`).toEqual(words);
    }
  });

  it('wrapLines keeps each line tone on its continuation lines', () => {
    expect(wrapLines([{ text: 'one two three', tone: 'warning' }], 8)).toEqual([{ text: 'one two', tone: 'warning' }, { text: 'three', tone: 'warning' }]);
  });
});
