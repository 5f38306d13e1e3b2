// The worst state in each pane, for the tab strip: at 80×24 only one pane is
// on screen, and a crash-looping pod must not hide behind the Rollout tab.
import type { DeckState } from '../../store/index.js';
import { PANES, type PaneId } from '../panes.js';
import type { StateName } from '../theme/theme-types.js';
import { historyItems, hpaItems, lagItems } from './other-items.js';
import type { PaneQuery } from './pane-query.js';
import { podItems } from './pod-items.js';
import { rolloutView } from './rollout-items.js';
import { lagTone, releaseTone, rolloutTone, worse } from './tones.js';

/** Per pane in PANES order: its worst state, or '' when it has nothing to judge. */
export function paneAlerts(s: DeckState, q: PaneQuery): (StateName | '')[] {
  const worst = (states: StateName[]): StateName | '' => states.reduce<StateName | undefined>((w, x) => worse(w, x), undefined) ?? '';
  const by: Partial<Record<PaneId, StateName | ''>> = {
    pods: worst(podItems(s, q).map((p) => p.severity)),
    rollout: worst(rolloutView(s, q).items.map((r) => (r.type === 'workload' ? rolloutTone(r.status) : r.severity))),
    hpa: worst(hpaItems(s).map((h) => h.status)),
    lag: worst(lagItems(s).items.map((l) => lagTone(l.status))),
    history: ((h) => (h ? releaseTone(h.status) : ''))(historyItems(s, q)[0]),
  };
  return PANES.map((p) => by[p.id] ?? '');
}
