// The seven panes as data: their number keys, titles and key scopes. The
// numbers match the focus.paneN commands of the key table, so "3" focuses HPA
// everywhere: in the tab strip, in help and in the grid's titles.
import type { Scope } from './keys/commands.js';

/** A pane of the cockpit. */
export type PaneId = 'pods' | 'rollout' | 'hpa' | 'lag' | 'history' | 'logs' | 'checklist';

/** What the layout, tab strip and key dispatcher know about a pane. */
export interface PaneSpec {
  id: PaneId;
  /** The digit that focuses it (focus.paneN). */
  number: number;
  title: string;
  /** For the tab strip at 80 columns. */
  short: string;
  /** Key scopes while focused, most specific first ('global' is implied). */
  scopes: readonly Scope[];
}

/** Every pane, in number (and Tab) order. */
export const PANES: readonly PaneSpec[] = [
  { id: 'pods', number: 1, title: 'Pods', short: 'Pods', scopes: ['list'] },
  { id: 'rollout', number: 2, title: 'Rollout', short: 'Rollout', scopes: ['list'] },
  { id: 'hpa', number: 3, title: 'HPA', short: 'HPA', scopes: ['list'] },
  { id: 'lag', number: 4, title: 'Consumer lag', short: 'Lag', scopes: ['list'] },
  { id: 'history', number: 5, title: 'Helm history', short: 'History', scopes: ['history', 'list'] },
  { id: 'logs', number: 6, title: 'Logs', short: 'Logs', scopes: ['logs', 'list'] },
  { id: 'checklist', number: 7, title: 'Checklist', short: 'Checklist', scopes: ['checklist', 'list'] },
];

/** The spec of a pane. */
export function paneSpec(id: PaneId): PaneSpec {
  return PANES.find((p) => p.id === id)!;
}

/** The pane `step` places after `from` in Tab order (negative steps go back), wrapping around. */
export function paneAfter(from: PaneId, step: number): PaneId {
  const i = PANES.findIndex((p) => p.id === from);
  const n = PANES.length;
  return PANES[(((i + step) % n) + n) % n]!.id;
}

/** The pane a focus.paneN command names, or undefined for any other command. */
export function paneOfCommand(id: string): PaneId | undefined {
  const m = /^focus\.pane(\d)$/.exec(id);
  return m ? PANES.find((p) => p.number === Number(m[1]))?.id : undefined;
}
