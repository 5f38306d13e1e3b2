// A lag trend in one line of block characters, so "is it draining?" reads at
// a glance without a chart. Unknown samples stay blank rather than zero:
// an exporter that cannot read an offset must not look like a caught-up group.

const BARS = '▁▂▃▄▅▆▇█';

/** The newest `width` values as bars scaled between their min and max; null is a space. */
export function sparkline(values: readonly (number | null)[], width: number): string {
  if (width <= 0) return '';
  const recent = values.slice(-width);
  const known = recent.filter((v): v is number => v !== null);
  if (known.length === 0) return ' '.repeat(recent.length);
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return recent
    .map((v) => {
      if (v === null) return ' ';
      // A flat series sits on the floor when it is zero, mid-height otherwise.
      if (hi === lo) return v === 0 ? BARS[0] : BARS[3];
      return BARS[Math.min(BARS.length - 1, Math.floor(((v - lo) / (hi - lo)) * (BARS.length - 1) + 0.5))];
    })
    .join('');
}
