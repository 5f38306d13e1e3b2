// The Logs pane's view of a store log view: which lines match the regex
// filter, and positions counted in matching lines so scrolling skips the
// rest. Cached per (view, filter): a view changes on every batch of lines,
// and the filter runs once per batch, not once per keypress or render.
import type { LogLine, LogView } from '../../store/index.js';

/** The lines a filter keeps, and how to address them. */
export interface LogModel {
  lines: readonly LogLine[];
  /** Absolute number of lines[0]: lines dropped from the view before it. */
  first: number;
  /** Indices into `lines` that match; null when there is no filter (all lines). */
  matches: number[] | null;
  /** The filter as a global regex for highlighting; undefined without a (valid) filter. */
  highlight?: RegExp;
  /** Why the filter is not a valid regex. */
  error?: string;
}

const EMPTY: LogLine[] = [];
const cache = new WeakMap<object, { filter: string; model: LogModel }>();
const NO_VIEW = {};

/**
 * Lines of `view` matching `filter`, a regex that is case-insensitive unless
 * it contains an upper-case letter ("smart case", as in less and ripgrep).
 */
export function logModel(view: LogView | undefined, filter: string | undefined): LogModel {
  const f = filter ?? '';
  const ref = view ?? NO_VIEW;
  const hit = cache.get(ref);
  if (hit && hit.filter === f) return hit.model;
  const lines = view?.lines ?? EMPTY;
  const first = view?.dropped ?? 0;
  let model: LogModel = { lines, first, matches: null };
  if (f) {
    try {
      const flags = /\p{Lu}/u.test(f) ? '' : 'i';
      const test = new RegExp(f, flags);
      const matches: number[] = [];
      lines.forEach((l, i) => {
        if (test.test(l.text)) matches.push(i);
      });
      model = { lines, first, matches, highlight: new RegExp(f, `${flags}g`) };
    } catch (e) {
      model = { lines, first, matches: null, error: (e as Error).message };
    }
  }
  cache.set(ref, { filter: f, model });
  return model;
}

/** How many lines the model shows. */
export function logCount(m: LogModel): number {
  return m.matches ? m.matches.length : m.lines.length;
}

/** The index into m.lines of shown line `pos`. */
export function lineIndex(m: LogModel, pos: number): number {
  return m.matches ? m.matches[pos]! : pos;
}

/** The shown position of the bottom line: the last one when following, else the last at or before `bottom` (absolute). */
export function bottomPosition(m: LogModel, bottom: number | undefined): number {
  const count = logCount(m);
  if (bottom === undefined || count === 0) return count - 1;
  const idx = bottom - m.first;
  if (!m.matches) return Math.min(Math.max(idx, 0), count - 1);
  // Binary search: the last match at or before idx.
  let lo = 0;
  let hi = count - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (m.matches[mid]! <= idx) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
