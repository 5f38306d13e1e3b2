// Log views (a pod's, a selector's, a verify step's) as bounded buffers:
// logs arrive at thousands of lines a second during a migration, so each
// view keeps its newest `max` lines and counts what it dropped, the way
// k9s caps its log pane. Append many lines per call; each call copies the view.
import type { StateCreator } from 'zustand/vanilla';
import { patchOrSame, type DeckState } from './deck-state.js';

/** One log line as a view shows it. */
export interface LogLine {
  /** RFC 3339, when the stream was opened with timestamps. */
  time?: string;
  pod: string;
  container: string;
  text: string;
}

/** One view's buffer. */
export interface LogView {
  lines: LogLine[];
  /** Lines dropped from the front to stay within `max`. */
  dropped: number;
  max: number;
}

/** The logs slice. */
export interface LogsSlice {
  logs: { views: Map<string, LogView> };
  /** Opens (or resizes) a view; the bound defaults to limits.logLines. */
  openLogView(viewId: string, opts?: { maxLines?: number }): void;
  /** Appends lines to a view, opening it with the default bound if needed. */
  appendLogs(viewId: string, lines: readonly LogLine[]): void;
  clearLogView(viewId: string): void;
  closeLogView(viewId: string): void;
}

/** The logs slice with its actions. */
export const createLogsSlice: StateCreator<DeckState, [], [], LogsSlice> = (set) => ({
  logs: { views: new Map() },
  openLogView: (viewId, opts = {}) => set((s) => {
    const max = opts.maxLines ?? s.limits.logLines;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`log view "${viewId}": maxLines must be a positive integer, got ${String(max)}`);
    const old = s.logs.views.get(viewId);
    const lines = old ? old.lines : [];
    const cut = Math.max(0, lines.length - max);
    return withView(s, viewId, { lines: cut ? lines.slice(cut) : lines, dropped: (old?.dropped ?? 0) + cut, max });
  }),
  appendLogs: (viewId, lines) => set((s) => patchOrSame(s, reduceLogAppend(s, new Map([[viewId, lines]])))),
  clearLogView: (viewId) => set((s) => {
    const old = s.logs.views.get(viewId);
    return old ? withView(s, viewId, { lines: [], dropped: 0, max: old.max }) : s;
  }),
  closeLogView: (viewId) => set((s) => {
    if (!s.logs.views.has(viewId)) return s;
    const views = new Map(s.logs.views);
    views.delete(viewId);
    return { logs: { views } };
  }),
});

/** Appends lines to several views at once (the batcher's per-frame write). */
export function reduceLogAppend(s: DeckState, appends: ReadonlyMap<string, readonly LogLine[]>): Partial<DeckState> {
  let views: Map<string, LogView> | undefined;
  for (const [viewId, lines] of appends) {
    if (lines.length === 0) continue;
    views ??= new Map(s.logs.views);
    const old = views.get(viewId) ?? { lines: [], dropped: 0, max: s.limits.logLines };
    const total = old.lines.length + lines.length;
    const cut = Math.max(0, total - old.max);
    // Slice before concatenating so a burst larger than the view never materialises in full.
    const keepOld = cut >= old.lines.length ? [] : old.lines.slice(cut);
    const keepNew = cut > old.lines.length ? lines.slice(cut - old.lines.length) : lines;
    views.set(viewId, { lines: keepOld.concat(keepNew), dropped: old.dropped + cut, max: old.max });
  }
  return views ? { logs: { views } } : {};
}

function withView(s: DeckState, viewId: string, view: LogView): Partial<DeckState> {
  const views = new Map(s.logs.views);
  views.set(viewId, view);
  return { logs: { views } };
}
