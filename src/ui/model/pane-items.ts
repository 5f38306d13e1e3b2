// A pane's rows as the key dispatcher sees them (the same arrays the pane
// renders), so j/k, G and Enter act on exactly what is on screen.
import type { DeckState } from '../../store/index.js';
import type { PaneId } from '../panes.js';
import { filterItems } from './filter-items.js';
import { historyItems, hpaItems, lagItems } from './other-items.js';
import type { Item, PaneQuery } from './pane-query.js';
import { podItems } from './pod-items.js';
import { rolloutView } from './rollout-items.js';

const NONE: readonly Item[] = [];

/** The unfiltered rows of a list pane; [] for Logs and Checklist, which are not row lists. */
export function paneItems(pane: PaneId, s: DeckState, q: PaneQuery): readonly Item[] {
  switch (pane) {
    case 'pods': return podItems(s, q);
    case 'rollout': return rolloutView(s, q).items;
    case 'hpa': return hpaItems(s);
    case 'lag': return lagItems(s).items;
    case 'history': return historyItems(s, q);
    default: return NONE;
  }
}

/** The rows a pane shows with its filter applied. */
export function visibleItems(pane: PaneId, s: DeckState, q: PaneQuery, filter: string | undefined): readonly Item[] {
  return filterItems(paneItems(pane, s, q), filter);
}
