// The status bar's one-phrase answer to "can I trust what I see?": every
// watch live, some reconnecting (and since when the data is stale), or some
// forbidden by RBAC (named, because a missing HPA pane is not "no HPAs").
import type { WatchState } from '../../kube/types.js';
import { clockText } from '../format.js';
import type { StateName } from '../theme/theme-types.js';
import { worse } from './tones.js';

/** What the status bar prints about the watches. */
export interface ConnectionSummary {
  text: string;
  state: StateName;
}

/** Summarises the watches: forbidden ones by name, reconnecting ones with the time their data went stale. */
export function connectionSummary(watches: ReadonlyMap<string, WatchState>): ConnectionSummary {
  if (watches.size === 0) return { text: 'not watching yet', state: 'unknown' };
  const by = (state: WatchState['state']) => [...watches].filter(([, w]) => w.state === state);
  const forbidden = by('forbidden');
  const reconnecting = by('reconnecting');
  const connecting = by('connecting');
  const parts: string[] = [];
  let state: StateName | undefined;
  if (forbidden.length > 0) {
    parts.push(`forbidden: ${forbidden.map(([r]) => r).sort().join(', ')}`);
    state = worse(state, 'failed');
  }
  if (reconnecting.length > 0) {
    const since = Math.min(...reconnecting.map(([, w]) => w.since));
    // The time leads: a narrow status bar clips the end, and "since when" is what the operator must read.
    const which = reconnecting.length === watches.size ? `all ${watches.size} watches` : reconnecting.map(([r]) => r).sort().join(', ');
    parts.unshift(`stale since ${clockText(since)} · reconnecting (${which})`);
    state = worse(state, 'warning');
  }
  if (connecting.length > 0) {
    parts.push(`connecting (${connecting.length} of ${watches.size})`);
    state = worse(state, 'progressing');
  }
  if (parts.length === 0) return { text: `live (${watches.size} watches)`, state: 'ok' };
  return { text: parts.join(' · '), state: state ?? 'unknown' };
}
