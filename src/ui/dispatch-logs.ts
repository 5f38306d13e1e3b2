// The Logs pane's commands: which pod and container it shows (handed to the
// caller through onSelectLogs, which opens the stream), follow/pause and
// scrolling, wrap, timestamps and the regex filter.
import { currentContext } from './command-context.js';
import type { Cockpit } from './cockpit.js';
import { contentRows, paneBox } from './layout.js';
import type { LogTarget } from './log-view-id.js';
import { logViewId } from './log-view-id.js';
import { bottomPosition, lineIndex, logCount, logModel } from './model/log-model.js';
import { visibleItems } from './model/pane-items.js';
import { podItems, type PodItem } from './model/pod-items.js';
import type { BlockerItem, WorkloadItem } from './model/rollout-items.js';
import { cursorRow, say, type LogOptions } from './ui-store.js';

/** Runs a logs.* command (disabled ones say why). */
export function runLogsCommand(c: Cockpit, id: string): void {
  const why = c.keymap.entries.find((e) => e.command.id === id)?.command.disabledWhy?.(currentContext(c));
  if (why) return say(c.ui, `${id.slice(5)}: ${why}`, 'warning');
  const s = c.ui.getState();
  const opts = s.logOptions;
  const set = (o: Partial<LogOptions>) => c.ui.setState({ logOptions: { ...opts, ...o } });
  const t = s.logTarget;
  switch (id) {
    case 'logs.follow': return opts.follow ? set({ follow: false, bottom: currentBottom(c) }) : set({ follow: true, bottom: undefined });
    case 'logs.wrap': return set({ wrap: !opts.wrap });
    case 'logs.timestamps': return set({ timestamps: !opts.timestamps });
    case 'logs.filter':
      c.ui.setState({ editing: { pane: 'logs', text: s.filters.logs ?? '' } });
      return;
    case 'logs.previous':
      if (t) selectLogTarget(c, { ...t, previous: !t.previous });
      return;
    case 'logs.container': {
      const pod = t && podItems(c.deck.getState(), c.query).find((p) => p.name === t.pod && p.namespace === t.namespace);
      if (!t || !pod) return;
      const next = pod.containers[(pod.containers.indexOf(t.container) + 1) % pod.containers.length]!;
      selectLogTarget(c, { ...t, container: next, previous: false });
      return;
    }
  }
}

/**
 * Shows the log of the pod under the cursor (Pods, or a blocking pod in
 * Rollout) and focuses Logs. With fromPods, uses the Pods selection whatever
 * is focused (what focusing Logs does) and stays quiet when there is none;
 * with keepSamePod, leaves a target on that pod as it is.
 */
export function openLogsFor(c: Cockpit, opts: { fromPods?: boolean; focus?: boolean; keepSamePod?: boolean } = {}): void {
  const s = c.ui.getState();
  const deck = c.deck.getState();
  const pane = opts.fromPods ? 'pods' : s.focus;
  let pod: PodItem | undefined;
  if (pane === 'pods') pod = cursorRow(s.cursors.pods, visibleItems('pods', deck, c.query, s.filters.pods)) as PodItem | undefined;
  if (pane === 'rollout') {
    const row = cursorRow(s.cursors.rollout, visibleItems('rollout', deck, c.query, s.filters.rollout)) as WorkloadItem | BlockerItem | undefined;
    if (row?.type === 'blocker') pod = podItems(deck, c.query).find((p) => p.key === row.podKey);
  }
  if (!pod) {
    if (!opts.fromPods) say(c.ui, 'Select a pod in Pods (or a blocking pod in Rollout) to see its log');
    return;
  }
  const t = s.logTarget;
  // Coming back to the same pod keeps its container and previous/current choice (and its stream).
  if (opts.keepSamePod && t && t.pod === pod.name && t.namespace === pod.namespace) return;
  const container = pod.containers[0] ?? '';
  selectLogTarget(c, { namespace: pod.namespace, pod: pod.name, container, previous: false });
  if (opts.focus !== false) c.ui.setState({ focus: 'logs', overlay: undefined });
}

/** Points the Logs pane at a target, following from the end, and asks the caller for that stream. */
export function selectLogTarget(c: Cockpit, t: LogTarget): void {
  c.ui.setState((s) => ({ logTarget: t, logOptions: { ...s.logOptions, follow: true, bottom: undefined } }));
  c.onSelectLogs?.({ namespace: t.namespace, name: t.pod }, t.container, t.previous);
}

/** Scrolls the log: up pauses following, reaching the end resumes it (like less +F). */
export function scrollLogs(c: Cockpit, move: 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'): void {
  const s = c.ui.getState();
  const m = model(c);
  const count = logCount(m);
  if (count === 0) return;
  const page = Math.max(1, contentRows(paneBox(c.layout(), 'logs')) - 2);
  const at = bottomPosition(m, s.logOptions.follow ? undefined : s.logOptions.bottom);
  const to = { down: at + 1, up: at - 1, pageDown: at + page, pageUp: at - page, top: Math.min(count - 1, page - 1), bottom: count - 1 }[move];
  const pos = Math.min(count - 1, Math.max(0, to));
  const follow = pos === count - 1;
  c.ui.setState({ logOptions: { ...s.logOptions, follow, bottom: follow ? undefined : m.first + lineIndex(m, pos) } });
}

function model(c: Cockpit) {
  const s = c.ui.getState();
  const view = s.logTarget ? c.deck.getState().logs.views.get(logViewId(s.logTarget)) : undefined;
  return logModel(view, s.filters.logs);
}

// Pausing keeps the line now at the bottom there while new lines arrive.
function currentBottom(c: Cockpit): number | undefined {
  const m = model(c);
  const count = logCount(m);
  return count === 0 ? undefined : m.first + lineIndex(m, count - 1);
}
