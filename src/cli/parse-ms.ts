// Durations on the command line (--timeout 30s, --wait-timeout 5m): one
// parser, so every command accepts the same forms and refuses the same ones
// as usage errors (exit 2) — zero included, which would time out at once.
import { parseDuration } from '../grammar/duration.js';
import { UsageError } from './usage-error.js';

/** A duration like 30s, 2m, 1h30m or 500ms (a bare number: seconds), in ms; a usage error when malformed or zero. */
export function parseMs(text: string | undefined, fallback: number, flag = '--timeout'): number {
  if (text === undefined) return fallback;
  const ms = parseDuration(text, { bareSeconds: true });
  if (ms === undefined) throw new UsageError(`${flag}: expected a duration such as 30s, 2m or 1h30m, got "${text}"`);
  if (ms <= 0) throw new UsageError(`${flag}: must be more than 0, got "${text}"`);
  return ms;
}
