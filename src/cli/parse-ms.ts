// Durations on the command line (--timeout 30s, --wait-timeout 5m): one
// parser, so every command accepts the same forms and refuses the same ones
// as usage errors (exit 2) — zero included, which would time out at once.
import { UsageError } from './usage-error.js';

/** A duration like 30s, 2m or 500ms, in ms; a usage error when malformed or zero. */
export function parseMs(text: string | undefined, fallback: number, flag = '--timeout'): number {
  if (text === undefined) return fallback;
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag}: expected a duration such as 30s or 2m, got "${text}"`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : m[2] === 'h' ? n * 3_600_000 : n * 1000;
  if (ms <= 0) throw new UsageError(`${flag}: must be more than 0, got "${text}"`);
  return ms;
}
