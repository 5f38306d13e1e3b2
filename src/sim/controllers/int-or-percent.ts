// intstr.GetScaledValueFromIntOrPercent: maxSurge / maxUnavailable are either
// absolute counts or percentages of a total, rounded the way each caller asks.

/** An absolute count, or a percentage of `total` rounded up or down; malformed strings count as 0. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    // The API server rejects non-percent strings; a bare number is the kindest reading.
    const n = Number(value);
    return Number.isInteger(n) ? n : 0;
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
