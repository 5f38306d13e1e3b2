// What is running, moving: an ink-spinner and the time since it started
// ("⠹ running · 1m12s · sample 2 of 3"). Mount it only while the thing runs:
// its timers (the spinner's frames, the elapsed second) live exactly as long
// as it is on screen, so a cockpit with nothing running stays still.
import { Text } from 'ink';
import Spinner from 'ink-spinner';
import { memo } from 'react';
import { elapsedShort, fit } from '../format.js';
import { useSecond } from './minute-tick.js';

/** Props of Running. */
export interface RunningProps {
  /** Epoch ms it started. */
  since: number;
  label: string;
  /** What it is doing now, after the time. */
  detail?: string | undefined;
  colour?: string | undefined;
  /** Columns it may take (spinner included), padded to it; unbounded when absent. */
  width?: number | undefined;
}

/** The spinner, the label and the elapsed time, on one line of at most `width` columns. */
export const Running = memo(function Running({ since, label, detail, colour, width }: RunningProps) {
  useSecond(true);
  const elapsed = elapsedShort(Date.now() - since);
  const full = [label, elapsed, detail].filter(Boolean).join(' · ');
  // The elapsed time is what a narrow cell must keep: the label goes first.
  const text = width === undefined || full.length <= width - 2 ? full : [elapsed, detail].filter(Boolean).join(' · ');
  if (width !== undefined && width < 2) return <Text color={colour}>{fit('', width)}</Text>;
  return (
    <Text color={colour}>
      <Spinner type="dots" />
      {' '}
      {width === undefined ? text : fit(text, width - 2)}
    </Text>
  );
});
