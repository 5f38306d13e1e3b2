// A row's age that keeps moving: ages shown in seconds (under two minutes,
// as kubectl shows them) re-render every second, older ones with the minute
// tick; only rows on screen subscribe, so an idle cockpit without young
// rows stays at one frame a minute.
import { age } from '../format.js';
import { useMinute, useSecond } from './minute-tick.js';

/** Ages under this are shown in seconds, so they must tick every second. */
export const YOUNG_MS = 120_000;

/** The age text of something created at `created` (epoch ms), ticking while `ticking`. */
export function useAge(created: number | undefined, ticking: boolean): string {
  const young = created !== undefined && Date.now() - created < YOUNG_MS;
  useSecond(ticking && young);
  useMinute(ticking && !young);
  return age(created, Date.now());
}
