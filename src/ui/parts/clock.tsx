// The status bar's clock and the window's elapsed time. It reads to the
// minute and moves with the shared minute tick (pod ages move in the same
// frame; the elapsed minutes may lag by under a minute): an idle cockpit
// writes one small frame a minute instead of one a second.
import { Text } from 'ink';
import { memo } from 'react';
import { useTheme } from '../theme/theme-context.js';
import { useMinute } from './minute-tick.js';

/** Width the clock takes, so the status bar can lay out around it. */
export const CLOCK_WIDTH = 24;

const MINUTE = 60_000;

/** "22:31" in local time. */
export function minuteText(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Whole minutes as "0m", "12m", "1h05m", "2d 3h05m". */
export function elapsedText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / MINUTE));
  const m = total % 60;
  const h = Math.floor(total / 60) % 24;
  const d = Math.floor(total / 1440);
  if (!d && !h) return `${m}m`;
  return `${d ? `${d}d ` : ''}${h}h${String(m).padStart(2, '0')}m`;
}

/** "22:31 · window 12m", ticking at each minute unless `ticking` is false (idle benchmarks, tests). */
export const Clock = memo(function Clock({ startedAt, ticking }: { startedAt: number; ticking: boolean }) {
  const { tokens } = useTheme();
  useMinute(ticking);
  const now = Date.now();
  const text = `${minuteText(now)} · window ${elapsedText(now - startedAt)}`;
  return <Text color={tokens.muted} wrap="truncate">{text.padStart(CLOCK_WIDTH)}</Text>;
});
