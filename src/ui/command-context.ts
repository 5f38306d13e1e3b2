// The facts a command's disabledWhy reads (keys/commands.ts), gathered from
// the store and the screen. The key bar dims commands with them and the
// dispatcher refuses to run a disabled command, saying why instead.
import { previousDeployed } from '../engine/helm-run.js';
import type { HelmRevision } from '../helm/release-types.js';
import { keyOf, latestDeployed, releaseRevisions, type DeckState } from '../store/index.js';
import type { Cockpit } from './cockpit.js';
import type { CommandContext } from './keys/commands.js';
import { filterItems } from './model/filter-items.js';
import { historyItems, type HistoryItem } from './model/other-items.js';
import { nsOption, type PaneQuery } from './model/pane-query.js';
import { podItemByKey, type PodItem } from './model/pod-items.js';
import { cursorRow, type UiState } from './ui-store.js';
import type { WindowState } from '../engine/window.js';
import { checklistItems, selectedStepFact, type ChecklistItem } from './model/checklist-items.js';

/** What the context is built from. */
export interface ContextInput {
  ui: UiState;
  release: string;
  readOnly: boolean;
  revisions: readonly HelmRevision[];
  /** The history rows as shown (filtered), for the revision under the cursor. */
  history: readonly HistoryItem[];
  /** The Pods row of the log target's pod (undefined: no target, or the release does not have that pod). */
  logPod?: PodItem;
  /** Facts the screen cannot know (busy, upgradePlanned, failedGates), from runCockpit's caller. */
  extra?: Partial<CommandContext>;
  /** The maintenance window's state and the checklist row under the cursor. */
  window?: { state: WindowState; upgradeBlocked?: string; selected?: ChecklistItem };
}

/** The CommandContext for the screen as it is now. */
export function commandContext(i: ContextInput): CommandContext {
  const deployed = latestDeployed(i.revisions)?.revision;
  const selected = cursorRow(i.ui.cursors.history, i.history)?.revision;
  const target = i.ui.logTarget;
  const pod = target ? i.logPod : undefined;
  const container = pod?.health.containers.find((c) => c.name === target?.container);
  const ctx: CommandContext = { readOnly: i.readOnly, ...(i.release ? { release: i.release } : {}) };
  if (deployed !== undefined) ctx.deployedRevision = deployed;
  if (selected !== undefined) ctx.selectedRevision = selected;
  const previous = previousDeployed(i.revisions)?.revision;
  if (previous !== undefined) ctx.previousGoodRevision = previous;
  if (target) ctx.logTarget = { pod: target.pod, containers: pod?.containers.length ?? 1, restarted: (container?.restarts ?? pod?.restarts ?? 0) > 0 };
  if (i.window) {
    const w = i.window.state;
    ctx.upgradePlanned = w.upgradePlanned;
    if (w.busy) ctx.busy = w.busy;
    if (i.window.upgradeBlocked) ctx.upgradeBlocked = i.window.upgradeBlocked;
    if (i.window.selected) ctx.selectedStep = selectedStepFact(i.window.selected.row);
  }
  return { ...ctx, ...i.extra };
}

/** The context for the screen right now, read from both stores (the dispatcher's view). */
export function currentContext(c: Cockpit): CommandContext {
  const s = c.deck.getState();
  const u = c.ui.getState();
  return commandContext({
    ui: u, release: c.query.release, readOnly: c.readOnly,
    revisions: releaseRevisions(s, c.query.release, nsOption(c.query)),
    history: filterItems(historyItems(s, c.query), u.filters.history),
    logPod: logTargetPod(s, c.query, u.logTarget),
    ...(c.extraContext ? { extra: c.extraContext() } : {}),
    ...(c.window ? { window: windowFacts(c, u) } : {}),
  });
}

/** The Pods row the log target names, by its store key (a lookup, not a search of every pod). */
export function logTargetPod(s: DeckState, q: PaneQuery, target: UiState['logTarget']): PodItem | undefined {
  return target ? podItemByKey(s, q, keyOf(target.namespace, target.pod)) : undefined;
}

function windowFacts(c: Cockpit, u: UiState): { state: WindowState; upgradeBlocked?: string; selected?: ChecklistItem } {
  const state = c.window!.store.getState();
  const why = c.window!.upgradeBlocked();
  const selected = cursorRow(u.cursors.checklist, filterItems(checklistItems(state), u.filters.checklist));
  return { state, ...(why ? { upgradeBlocked: why } : {}), ...(selected ? { selected } : {}) };
}
