// The bundle (scripts/bundle.mjs) lets string-width look for a non-ASCII
// Emoji character or a keycap mark in a cluster before testing it against
// its costly RGI_Emoji expression. That keeps the widths only if every RGI
// emoji holds one: checked here for every code point alone and with the
// emoji and keycap suffixes (flags, modifier, tag and ZWJ sequences are made
// of such characters by definition).
import { describe, expect, it } from 'vitest';

// The same expressions as the bundle's and string-width's (built at run time: tsc's target predates the v flag).
const EMOJI_FIRST = new RegExp(String.raw`[\p{Emoji}--\p{ASCII}]|\u20E3`, 'v');

describe('the emoji test string-width runs first in the bundle', () => {
  it('holds for every RGI emoji: alone, with VS16 and as a keycap', () => {
    const rgi = new RegExp(String.raw`^\p{RGI_Emoji}$`, 'v');
    const missed: string[] = [];
    let matched = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const base = String.fromCodePoint(cp);
      for (const s of cp <= 0x1ffff ? [base, `${base}\ufe0f`, `${base}\ufe0f\u20e3`, `${base}\u20e3`] : [base]) {
        if (!rgi.test(s)) continue;
        matched++;
        if (!EMOJI_FIRST.test(s)) missed.push(s);
      }
    }
    expect(matched).toBeGreaterThan(1000);
    expect(missed).toEqual([]);
    expect(['🇩🇪', '👍🏽', '👩‍💻', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '#️⃣'].every((s) => rgi.test(s) && EMOJI_FIRST.test(s))).toBe(true);
  });

  it('skips the cockpit text: borders, symbols, digits and bars', () => {
    expect(EMOJI_FIRST.test('┌─ 1 Pods (5) ─┐ │ ✓ ◌ ✗ ! ? · → … █▇▅▄▂▁ 3/3 #*')).toBe(false);
  });
});
