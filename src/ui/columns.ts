// Column widths for a pane's table at whatever width the pane got: fixed
// minimums first, optional columns dropped from the right when they do not
// fit, then the name column widened to its longest name before anything
// else grows (a column marked `ifRoom` is dropped rather than cut the
// name), and the spare width shared by the growing columns.
import { fitName } from './fit-name.js';
import { fit } from './format.js';

/** One column of a pane's table. */
export interface ColumnSpec {
  title: string;
  min: number;
  /** Share of the spare width (0: stays at min). */
  grow?: number;
  align?: 'left' | 'right';
  /** Dropped when the pane is too narrow (rightmost optional first). */
  optional?: boolean;
  /** Optional, and shown only when the name column gets its whole width with it (NODE). */
  ifRoom?: boolean;
  /** Names: widened first to the longest value, and cut in the middle to keep their unique suffix. */
  name?: boolean;
}

/**
 * Widths for `specs` in `width` columns with one space between columns; 0
 * means hidden. `longest` is the width of the longest value of the name
 * column (0 or absent: it only grows by its weight).
 */
export function layoutColumns(specs: readonly ColumnSpec[], width: number, longest = 0): number[] {
  const shown = specs.map(() => true);
  const need = () => specs.reduce((t, s, i) => (shown[i] ? t + s.min + 1 : t), -1);
  for (let i = specs.length - 1; i >= 0 && need() > width; i--) if (specs[i]!.optional || specs[i]!.ifRoom) shown[i] = false;
  const named = specs.findIndex((s) => s.name);
  const nameWants = named >= 0 ? Math.max(0, longest - specs[named]!.min) : 0;
  for (let i = specs.length - 1; i >= 0 && nameWants > width - need(); i--) if (specs[i]!.ifRoom) shown[i] = false;
  const widths = specs.map((s, i) => (shown[i] ? s.min : 0));
  let spare = width - need();
  if (named >= 0 && shown[named] && spare > 0 && nameWants > 0) {
    const give = Math.min(spare, nameWants);
    widths[named]! += give;
    spare -= give;
    // The name has all it needs: the rest goes to the other growing columns.
    if (give === nameWants) return share(specs.map((s, i) => (i === named ? { ...s, grow: 0 } : s)), shown, widths, spare);
  }
  if (spare < 0) {
    // Still too wide: take it from the last visible column, so the leftmost (the name) survives longest.
    for (let i = widths.length - 1; i >= 0 && spare < 0; i--) {
      const take = Math.min(widths[i]!, -spare);
      widths[i]! -= take;
      spare += take;
    }
    return widths;
  }
  return share(specs, shown, widths, spare);
}

// Spare columns split by the grow weights of the shown columns (the last growing one takes the rounding).
function share(specs: readonly ColumnSpec[], shown: readonly boolean[], widths: number[], spare: number): number[] {
  const weights = specs.map((s, i) => (shown[i] ? s.grow ?? 0 : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || spare <= 0) return widths;
  let given = 0;
  const last = weights.reduce((at, w, i) => (w > 0 ? i : at), -1);
  weights.forEach((w, i) => {
    if (w === 0) return;
    const extra = i === last ? spare - given : Math.floor((spare * w) / total);
    widths[i]! += extra;
    given += extra;
  });
  return widths;
}

/** Each value fitted to its column ('' for hidden columns), ready to print with one space between. */
export function cellTexts(specs: readonly ColumnSpec[], widths: readonly number[], values: readonly string[]): string[] {
  return specs.map((s, i) => (widths[i] ? (s.name ? fitName : fit)(values[i] ?? '', widths[i]!, s.align) : ''));
}

/** The header line for the columns. */
export function headerText(specs: readonly ColumnSpec[], widths: readonly number[]): string {
  return cellTexts(specs, widths, specs.map((s) => s.title)).filter((_, i) => widths[i]).join(' ');
}
