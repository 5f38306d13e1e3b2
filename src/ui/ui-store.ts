// What the screen is doing, apart from what the cluster is doing: focus,
// cursors, filters, the open overlay, log options and the one-line message.
// A small vanilla Zustand store of its own, so moving the cursor in Pods
// re-renders Pods and nothing that reads the cluster model.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LogTarget } from './log-view-id.js';
import type { PaneId } from './panes.js';
import type { StateName } from './theme/theme-types.js';

/** A list cursor: the row's key (so it follows the row when others move) and its last index (when the row goes away). */
export interface Cursor {
  key?: string;
  index: number;
}

/** A details overlay (or help) and how far it is scrolled. */
export interface Overlay {
  kind: 'help' | 'pod' | 'revision' | 'workload' | 'hpa' | 'lag' | 'step';
  /** The row it describes (pod key, revision number…); '' for help. */
  key: string;
  offset: number;
}

/** How the Logs pane shows its view. */
export interface LogOptions {
  follow: boolean;
  wrap: boolean;
  timestamps: boolean;
  /** While paused: the absolute number of the bottom line (dropped + index). */
  bottom?: number;
}

/** A line of a prompt, in a state's colour when it carries one. */
export interface PromptLine {
  text: string;
  tone?: StateName | 'muted' | 'title';
}

/**
 * A question that owns the keyboard until answered: a y/N confirmation, or a
 * typed answer (an override's reason, the release name before a rollback to
 * a picked revision). What it asks is shown in full above the answer line.
 */
export interface Prompt {
  title: string;
  lines: PromptLine[];
  kind: 'confirm' | 'text';
  /** The question on the answer line ("Run it? [y/N]"). */
  question: string;
  /** text: the answer must equal this (typed release name); otherwise any non-empty answer. */
  expect?: string;
  /** confirm: the keys that say yes (default y). */
  yesKeys?: readonly string[];
  /** The command the prompt is about: `c` copies it to the clipboard (OSC 52) without answering. */
  copy?: string;
  /** Feedback shown under the question (e.g. "copied"). */
  note?: string;
  /** What has been typed (text prompts). */
  text: string;
  /** How far the lines are scrolled. */
  offset: number;
  /** Why the last Enter was refused. */
  error?: string;
  onAnswer(answer: string): void;
  onCancel?(): void;
}

/** The screen's own state. */
export interface UiState {
  focus: PaneId;
  cursors: Partial<Record<PaneId, Cursor>>;
  /** Per pane: a substring filter (Logs: a regex). */
  filters: Partial<Record<PaneId, string>>;
  /** The inline filter input, while the operator types into it. */
  editing?: { pane: PaneId; text: string };
  overlay?: Overlay;
  logTarget?: LogTarget;
  logOptions: LogOptions;
  /** One line of feedback ("not available yet", why a key is disabled); cleared by the next key. */
  message?: { text: string; tone: StateName };
  /** A first quit press while helm runs; the second one quits. */
  quitArmed?: boolean;
  /** The open question, answered before any other key does anything. */
  prompt?: Prompt;
  /** One empty frame during a redraw (Ctrl-L), so Ink writes the next frame whole. */
  blank?: boolean;
}

/** The UI store. */
export type UiStore = StoreApi<UiState>;

/** A UI store starting on `focus`. */
export function createUiStore(focus: PaneId = 'pods'): UiStore {
  return createStore<UiState>()(() => ({
    focus,
    cursors: {},
    filters: {},
    logOptions: { follow: true, wrap: false, timestamps: false },
  }));
}

/** The index a cursor points at among `keys` now: its row if still there, else its old index clamped. */
export function cursorIndex(cursor: Cursor | undefined, keys: readonly { key: string }[]): number {
  if (keys.length === 0) return 0;
  if (cursor?.key !== undefined) {
    // Usually the row is still where the cursor left it: no search through thousands of pods.
    if (keys[cursor.index]?.key === cursor.key) return cursor.index;
    const at = keys.findIndex((k) => k.key === cursor.key);
    if (at >= 0) return at;
  }
  return Math.min(Math.max(0, cursor?.index ?? 0), keys.length - 1);
}

/** The row a cursor points at, or undefined for an empty list. */
export function cursorRow<T extends { key: string }>(cursor: Cursor | undefined, rows: readonly T[]): T | undefined {
  return rows.length === 0 ? undefined : rows[cursorIndex(cursor, rows)];
}

/** Moves a pane's cursor to `index` (clamped) among `rows`. */
export function setCursor(ui: UiStore, pane: PaneId, rows: readonly { key: string }[], index: number): void {
  const i = Math.min(Math.max(0, index), Math.max(0, rows.length - 1));
  const key = rows[i]?.key;
  ui.setState((s) => ({ cursors: { ...s.cursors, [pane]: key === undefined ? { index: i } : { key, index: i } } }));
}

/** Sets (or with '' clears) a pane's filter; the cursor goes back to the top of the new rows. */
export function setFilter(ui: UiStore, pane: PaneId, text: string): void {
  ui.setState((s) => {
    const filters = { ...s.filters };
    if (text) filters[pane] = text;
    else delete filters[pane];
    const cursors = { ...s.cursors };
    delete cursors[pane];
    return { filters, cursors };
  });
}

/** Shows a message until the next key. */
export function say(ui: UiStore, text: string, tone: StateName = 'unknown'): void {
  ui.setState({ message: { text, tone } });
}
