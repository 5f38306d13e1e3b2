// Column widths for a pane's table at whatever width the pane got: fixed
// minimums first, optional columns dropped from the right when they do not
// fit, and the spare width shared by the growing columns (names, messages).
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
}

/** Widths for `specs` in `width` columns with one space between columns; 0 means hidden. */
export function layoutColumns(specs: readonly ColumnSpec[], width: number): number[] {
  const shown = specs.map(() => true);
  const need = () => specs.reduce((t, s, i) => (shown[i] ? t + s.min + 1 : t), -1);
  for (let i = specs.length - 1; i >= 0 && need() > width; i--) if (specs[i]!.optional) shown[i] = false;
  const widths = specs.map((s, i) => (shown[i] ? s.min : 0));
  let spare = width - need();
  if (spare < 0) {
    // Still too wide: take it from the last visible column, so the leftmost (the name) survives longest.
    for (let i = widths.length - 1; i >= 0 && spare < 0; i--) {
      const take = Math.min(widths[i]!, -spare);
      widths[i]! -= take;
      spare += take;
    }
    return widths;
  }
  const weights = specs.map((s, i) => (shown[i] ? s.grow ?? 0 : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return widths;
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
  return specs.map((s, i) => (widths[i] ? fit(values[i] ?? '', widths[i]!, s.align) : ''));
}

/** The header line for the columns. */
export function headerText(specs: readonly ColumnSpec[], widths: readonly number[]): string {
  return cellTexts(specs, widths, specs.map((s) => s.title)).filter((_, i) => widths[i]).join(' ');
}
