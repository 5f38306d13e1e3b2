import { expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/parse-duration.js';

it.each([
  ['500ms', 500],
  ['30s', 30_000],
  ['5m', 300_000],
  ['1h30m', 5_400_000],
  ['1.5s', 1500],
  [' 2m ', 120_000],
  ['5', undefined],
  ['5 m', undefined],
  ['m', undefined],
  ['-1s', undefined],
  ['1d', undefined],
])('%j → %s', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});
