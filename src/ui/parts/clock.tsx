// The status bar's clock and the window's elapsed time: the only thing on
// screen that changes without the cluster changing, so it is the only
// component with a timer, and it re-renders alone.
import { Text } from 'ink';
import { memo, useEffect, useState } from 'react';
import { clockText, durationText } from '../format.js';
import { useTheme } from '../theme/theme-context.js';

/** Width the clock takes, so the status bar can lay out around it. */
export const CLOCK_WIDTH = 28;

/** "22:31:05 · window 0:12:03", ticking each second unless `ticking` is false (idle benchmarks, tests). */
export const Clock = memo(function Clock({ startedAt, ticking }: { startedAt: number; ticking: boolean }) {
  const { tokens } = useTheme();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    let timer: ReturnType<typeof setTimeout>;
    // Tick on the second boundary so the clock never shows a second twice or skips one.
    const schedule = () => {
      timer = setTimeout(() => {
        setNow(Date.now());
        schedule();
      }, 1000 - (Date.now() % 1000) + 5);
      timer.unref?.();
    };
    schedule();
    return () => clearTimeout(timer);
  }, [ticking]);
  const text = `${clockText(now)} · window ${durationText(now - startedAt)}`;
  return <Text color={tokens.muted} wrap="truncate">{text.padStart(CLOCK_WIDTH)}</Text>;
});
