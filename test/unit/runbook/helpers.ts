// Shared by the runbook tests: where a needle sits in a text as LINE:COL
// (what the loader's messages must say), and the error a parse throws.
import { parseRunbook } from '../../../src/runbook/load-runbook.js';
import { RunbookError } from '../../../src/runbook/runbook-error.js';

/** "LINE:COL" (1-based) of the first occurrence of needle, or of its nth (0-based) occurrence. */
export function lineCol(text: string, needle: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`no ${needle} (#${i}) in the text`);
  }
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** The RunbookError parsing text throws; fails the test when it parses. */
export function parseError(text: string, file = 'rb.yaml'): RunbookError {
  try {
    parseRunbook(text, file);
  } catch (err) {
    if (err instanceof RunbookError) return err;
    throw err;
  }
  throw new Error('expected the runbook to be rejected, but it parsed');
}

/** A minimal valid single-release runbook with the given steps block appended. */
export function withSteps(steps: string): string {
  return `release: app\nchart: ./chart\n${steps}`;
}
