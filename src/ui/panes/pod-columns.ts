// The Pods pane's columns, apart from the pane so the layout rules are
// tested on the real specification: NAME first (its unique suffix kept),
// NODE only beside whole names, AGE the last to go.
import type { ColumnSpec } from '../columns.js';

/** The Pods pane's columns, in order. */
export const POD_COLUMNS: readonly ColumnSpec[] = [
  { title: 'NAME', min: 16, grow: 3, name: true },
  { title: 'READY', min: 5 },
  { title: 'STATUS', min: 18, grow: 1 },
  { title: 'RESTARTS', min: 8, align: 'right' },
  { title: 'AGE', min: 4, align: 'right', optional: true },
  { title: 'NODE', min: 10, grow: 1, ifRoom: true },
];
